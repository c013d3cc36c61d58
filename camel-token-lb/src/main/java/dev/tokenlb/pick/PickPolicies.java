package dev.tokenlb.pick;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Factory of the built-in pick policies, by the names used in configuration. Each call returns a new instance: give
 * every ledger its own.
 */
public final class PickPolicies {

    /** The names {@link #forName} accepts. */
    public static final List<String> NAMES = List.of("latency", "tokens", "tokens-p2c", "delay", "round-robin", "random",
            "least-requests");

    /** A service model that learned nothing: a mid-size model on one GPU (see ServiceTimes' prior). */
    private static final ServiceModel UNCALIBRATED = new ServiceModel() {
        @Override
        public double firstByteSeconds(int index, double prefillTokensAhead, double tokensHeld) {
            return 0.05 + 1e-4 * prefillTokensAhead;
        }

        @Override
        public double prefillSecondsPerToken(int index) {
            return 1e-4;
        }

        @Override
        public double stepSeconds(int index, double batch) {
            return 0.02 + 0.0005 * batch;
        }

        @Override
        public double stepSecondsPerSequence(int index) {
            return 0.0005;
        }
    };

    /** A streamed request's wait for its first token counts twice: once in its latency, once as what its user sees. */
    public static final double DEFAULT_FIRST_TOKEN_WEIGHT = 1.0;

    private PickPolicies() {
    }

    /**
     * @throws IllegalArgumentException naming the allowed values, for an unknown name
     */
    public static PickPolicy forName(String name) {
        return forName(name, UNCALIBRATED);
    }

    /**
     * As {@link #forName(String)}, with the service model that the {@code latency} strategy reads.
     *
     * @throws IllegalArgumentException naming the allowed values, for an unknown name
     */
    public static PickPolicy forName(String name, ServiceModel model) {
        return forName(name, model, DEFAULT_FIRST_TOKEN_WEIGHT);
    }

    /**
     * As {@link #forName(String, ServiceModel)}, with the {@code latency} strategy's weight of a streamed request's
     * first token.
     */
    public static PickPolicy forName(String name, ServiceModel model, double firstTokenWeight) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "latency", "least-latency" -> latency(model, firstTokenWeight);
            case "tokens", "least-tokens" -> leastTokens();
            case "tokens-p2c" -> powerOfTwo(RandomGenerator.getDefault());
            case "delay", "marginal-delay" -> marginalDelay();
            case "round-robin", "roundrobin" -> roundRobin();
            case "random" -> random(RandomGenerator.getDefault());
            case "least-requests", "least-connections" -> leastRequests();
            default -> throw new IllegalArgumentException(
                    "unknown strategy '" + name + "': allowed values are " + String.join(", ", NAMES));
        };
    }

    /**
     * Least latency added to the cluster (see {@link ExpectedLatency}), with the calibration and foreign load of the
     * model; ties rotate.
     */
    public static PickPolicy latency(ServiceModel model) {
        return latency(model, DEFAULT_FIRST_TOKEN_WEIGHT);
    }

    /**
     * As {@link #latency(ServiceModel)}, with a streamed request's own wait for its first byte counted
     * {@code 1 + firstTokenWeight} times.
     */
    public static PickPolicy latency(ServiceModel model, double firstTokenWeight) {
        if (!(firstTokenWeight >= 0) || Double.isInfinite(firstTokenWeight)) {
            throw new IllegalArgumentException("firstTokenWeight must be a number >= 0, was " + firstTokenWeight);
        }
        // divided by the configured weight only (a preference): speed is in the calibration already
        return new LeastLoadPick("latency", (view, i, request) ->
                ExpectedLatency.seconds(model, view, i, request, firstTokenWeight) / view.target(i).weight());
    }

    /** Lowest (in-flight tokens + cost) / weight; ties rotate. */
    public static PickPolicy leastTokens() {
        return new LeastLoadPick("tokens", (view, i, cost, prompt) -> view.inflightTokens(i) + cost);
    }

    /** Power of two random choices, taking the lower (in-flight tokens + cost) / weight of the two. */
    public static PickPolicy powerOfTwo(RandomGenerator random) {
        return new PowerOfTwoPick(random);
    }

    /** Least marginal delay under a continuous-batching model (see {@link MarginalDelay}); ties rotate. */
    public static PickPolicy marginalDelay() {
        return new LeastLoadPick("delay", MarginalDelay::steps);
    }

    /** Lowest (in-flight requests + 1) / weight, ignoring tokens: the usual least-connections; ties rotate. */
    public static PickPolicy leastRequests() {
        return new LeastLoadPick("least-requests", (view, i, cost, prompt) -> view.inflightRequests(i) + 1);
    }

    /** Each target in turn, skipping excluded ones; ignores weights. */
    public static PickPolicy roundRobin() {
        return new RoundRobinPick();
    }

    /** A uniformly random target among those not excluded; ignores weights. */
    public static PickPolicy random(RandomGenerator random) {
        return new RandomPick(random);
    }
}
