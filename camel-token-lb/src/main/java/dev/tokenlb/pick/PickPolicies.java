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
    public static final List<String> NAMES = List.of("tokens", "tokens-p2c", "delay", "round-robin", "random",
            "least-requests");

    private PickPolicies() {
    }

    /**
     * @throws IllegalArgumentException naming the allowed values, for an unknown name
     */
    public static PickPolicy forName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
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
