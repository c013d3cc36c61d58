package dev.tokenlb.balance;

import java.util.ArrayList;
import java.util.List;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.ledger.Target;

/**
 * The targets of a {@code loadBalance}: either one per output of the EIP (with optional weights and names), or, with
 * a backend list, one per backend URL behind a single output that sends to
 * {@code ${exchangeProperty.CamelTokenLbBackendUrl}}.
 */
public final class OutputTargets {

    private OutputTargets() {
    }

    /**
     * @param outputs  the EIP's number of outputs
     * @param backends a backend list (see {@link Backends}); null or blank: one target per output
     * @param weights  comma-separated weights, one per output; null or blank: all 1 (ignored with backends)
     * @param names    comma-separated names, one per output; null or blank: {@code output-1}, {@code output-2}, ...
     * @throws IllegalArgumentException naming the setting that does not fit the outputs
     */
    public static List<Target> of(int outputs, String backends, String weights, String names) {
        if (backends != null && !backends.isBlank()) {
            if (outputs != 1) {
                throw new IllegalArgumentException("with backends configured the loadBalance must have exactly one "
                                                   + "output that sends to ${exchangeProperty."
                                                   + TokenLbConstants.BACKEND_URL + "}, but it has " + outputs);
            }
            return Backends.parse(backends);
        }
        if (outputs == 0) {
            throw new IllegalArgumentException("the loadBalance has no outputs and no backends are configured");
        }
        double[] w = weights == null || weights.isBlank() ? null : Backends.parseWeights(weights, outputs);
        String[] n = names == null || names.isBlank() ? null : names.split("\\s*,\\s*");
        if (n != null && n.length != outputs) {
            throw new IllegalArgumentException("names '" + names + "' has " + n.length + " values but there are "
                                               + outputs + " outputs");
        }
        List<Target> out = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            out.add(new Target(n == null ? "output-" + (i + 1) : n[i].trim(), null, w == null ? 1 : w[i]));
        }
        return out;
    }
}
