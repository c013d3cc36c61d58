package dev.tokenlb.gateway.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests, tokens, refusals and fallbacks per model, as Prometheus counters tagged {@code model} and as figures for
 * {@code /tokenlb/status}. A model's name comes from the client, so its tag is bounded: a model some backend lists
 * keeps its name, up to {@link #MAX_MODELS} names; any other (an unknown or hostile name, a name past the bound) is
 * counted as {@code other}, a request naming none as {@code none}. So no input can make more than
 * {@code MAX_MODELS + 2} series per meter.
 * <p>
 * Thread-safe.
 */
public final class ModelTraffic {

    /** Distinct model names kept as tags; past it, new names count as {@link #OTHER}. */
    static final int MAX_MODELS = 64;
    static final String OTHER = "other";
    static final String NONE = "none";

    private final MeterRegistry registry;
    private final Predicate<String> listed;
    private final Map<String, Meters> byTag = new ConcurrentHashMap<>();

    /**
     * @param listed true for a model some backend lists (configured or discovered), so a name worth its own tag
     */
    ModelTraffic(MeterRegistry registry, Predicate<String> listed) {
        this.registry = registry;
        this.listed = listed;
    }

    /** One model's counters. */
    private static final class Meters {
        final Counter requests;
        final Counter promptTokens;
        final Counter outputTokens;
        final Counter rejected;
        final Counter fallbacks;

        Meters(MeterRegistry registry, String tag) {
            requests = Counter.builder("tokenlb.model.requests").description("Requests routed for the model")
                    .tag("model", tag).register(registry);
            promptTokens = Counter.builder("tokenlb.model.prompt.tokens")
                    .description("Prompt tokens of the requests routed for the model").tag("model", tag)
                    .register(registry);
            outputTokens = Counter.builder("tokenlb.model.output.tokens")
                    .description("Output tokens of the model's complete replies").tag("model", tag).register(registry);
            rejected = Counter.builder("tokenlb.model.rejected")
                    .description("Requests refused with 404 model_not_found: no backend serves the model")
                    .tag("model", tag).register(registry);
            fallbacks = Counter.builder("tokenlb.model.fallbacks")
                    .description("Requests for the model served by its fallback model instead").tag("model", tag)
                    .register(registry);
        }
    }

    /** The tag a model is counted under. */
    String tag(String model) {
        if (model == null) {
            return NONE;
        }
        if (OTHER.equals(model) || NONE.equals(model)) {
            return OTHER; // a client's name never passes for a shared series
        }
        if (byTag.containsKey(model)) {
            return model;
        }
        return byTag.size() < MAX_MODELS && listed.test(model) ? model : OTHER;
    }

    private Meters meters(String model) {
        // past the bound by a few under a race at most: size() is read before computeIfAbsent
        return byTag.computeIfAbsent(tag(model), t -> new Meters(registry, t));
    }

    void routed(String model, long promptTokens) {
        Meters m = meters(model);
        m.requests.increment();
        m.promptTokens.increment(promptTokens);
    }

    void replied(String model, long outputTokens) {
        meters(model).outputTokens.increment(outputTokens);
    }

    void rejected(String model) {
        meters(model).rejected.increment();
    }

    void fellBack(String from) {
        meters(from).fallbacks.increment();
    }

    /** One model's figures since start. */
    public record Figures(String model, long requests, long promptTokens, long outputTokens, long rejected,
                          long fallbacks) {
    }

    /** Every tag's figures, by tag. */
    public List<Figures> figures() {
        List<Figures> out = new ArrayList<>();
        byTag.forEach((tag, m) -> out.add(new Figures(tag, (long) m.requests.count(), (long) m.promptTokens.count(),
                (long) m.outputTokens.count(), (long) m.rejected.count(), (long) m.fallbacks.count())));
        out.sort((a, b) -> a.model().compareTo(b.model()));
        return out;
    }
}
