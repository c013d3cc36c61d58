package dev.tokenlb.bench;

import dev.tokenlb.cost.OutputEstimator;
import dev.tokenlb.count.CountedRequest;
import dev.tokenlb.sim.OutputLengthModel;

/**
 * The output estimate of a balancer that knew every reply's length in advance: the length the simulator will
 * generate for this very request body, capped by its own {@code max_tokens} (the simulator caps the same way). The
 * limit the learned estimators are measured against; it exists only because the simulator's lengths are a
 * deterministic function of the request. Stateless, thread-safe.
 */
final class OracleEstimator implements OutputEstimator {

    private final OutputLengthModel lengths;

    OracleEstimator(OutputLengthModel lengths) {
        this.lengths = lengths;
    }

    @Override
    public long expectedOutputTokens(CountedRequest request, String body) {
        if (body == null || body.isEmpty()) {
            return 0;
        }
        try {
            long tokens = lengths.outputTokensForRequestBody(body);
            int limit = request.maxOutputTokens();
            return limit >= 0 ? Math.min(tokens, limit) : tokens;
        } catch (IllegalArgumentException e) {
            return 0; // not a generation request the simulator understands (embeddings): it generates nothing
        }
    }

    @Override
    public String name() {
        return "oracle";
    }
}
