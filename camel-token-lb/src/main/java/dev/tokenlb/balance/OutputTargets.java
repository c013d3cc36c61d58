package dev.tokenlb.balance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tokenlb.TokenLbConstants;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.model.ModelIds;
import dev.tokenlb.model.ServedModels;

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

    /**
     * The models each target serves as configured: from the backend list's {@code ;models=}, or from {@code models},
     * one entry per output such as {@code llama-3-70b|llama-3-70b-sql-lora,qwen-2.5-7b} ({@code *} or an empty entry:
     * not configured); {@link ServedModels#UNKNOWN} where none is configured.
     *
     * @throws IllegalArgumentException naming the setting that does not fit the outputs
     */
    public static List<ServedModels> models(int outputs, String backends, String models) {
        if (backends != null && !backends.isBlank()) {
            if (models != null && !models.isBlank()) {
                throw new IllegalArgumentException("models is for the outputs of a loadBalance; with backends give "
                                                   + "each backend's models as ;models=a|b in the backend list");
            }
            return Backends.parseModels(backends);
        }
        if (models == null || models.isBlank()) {
            return Collections.nCopies(outputs, ServedModels.UNKNOWN);
        }
        String[] perOutput = models.split(",", -1);
        if (perOutput.length != outputs) {
            throw new IllegalArgumentException("models '" + models + "' has " + perOutput.length + " entries but there "
                                               + "are " + outputs + " outputs");
        }
        List<ServedModels> out = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            String entry = perOutput[i].trim();
            out.add(entry.isEmpty() || entry.equals("*") ? ServedModels.UNKNOWN
                    : ServedModels.of(ModelIds.parseList(entry, "models of output " + (i + 1))));
        }
        return out;
    }
}
