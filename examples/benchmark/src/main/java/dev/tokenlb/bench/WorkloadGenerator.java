package dev.tokenlb.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tokenlb.sim.OutputLengthModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The seeded request sequence: request {@code i} depends only on (seed, i), so every contender, and every load level,
 * gets the very same requests, and a longer sequence starts with a shorter one. Each request's true reply length is
 * taken from the simulator's {@link OutputLengthModel}, for the report and for the saturation estimate.
 * Thread-safe: {@link #first} is synchronized and caches what it generated.
 *
 * <pre>
 * WorkloadGenerator workload = new WorkloadGenerator(WorkloadMix.standard(), 42, OutputLengthModel.defaults());
 * List&lt;BenchRequest&gt; requests = workload.first(400);
 * </pre>
 */
public final class WorkloadGenerator {

    static final String MODEL = "sim-model";
    private static final String SYSTEM_PROMPT = "You are a helpful assistant. Answer from the given text.";
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private final WorkloadMix mix;
    private final long seed;
    private final OutputLengthModel lengths;
    private final List<BenchRequest> generated = new ArrayList<>();

    public WorkloadGenerator(WorkloadMix mix, long seed, OutputLengthModel lengths) {
        this.mix = mix;
        this.seed = seed;
        this.lengths = lengths;
    }

    /** The first {@code n} requests of the sequence. */
    public synchronized List<BenchRequest> first(int n) {
        while (generated.size() < n) {
            generated.add(request(generated.size()));
        }
        return List.copyOf(generated.subList(0, n));
    }

    /** Request {@code index}, built from a random generator of its own. */
    BenchRequest request(int index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        RequestClass kind = mix.classFor(random.nextDouble());
        int wantedTokens = kind.promptTokens(random.nextGaussian());
        boolean stream = random.nextDouble() < mix.streamShare();
        boolean includeUsage = stream && random.nextDouble() < mix.includeUsage();
        Integer maxTokens = random.nextDouble() < mix.maxTokensShare()
                ? mix.maxTokensValues().get(random.nextInt(mix.maxTokensValues().size())) : null;
        String text = kind.name() + " request " + index + "." + PromptText.words(random, wantedTokens);

        JsonObject body = new JsonObject()
                .put("model", MODEL)
                .put("messages", new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", SYSTEM_PROMPT))
                        .add(new JsonObject().put("role", "user").put("content", text)))
                .put("stream", stream);
        if (includeUsage) {
            body.put("stream_options", new JsonObject().put("include_usage", true));
        }
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        String json = body.encode();
        int promptTokens = CL100K.countTokensOrdinary(SYSTEM_PROMPT) + CL100K.countTokensOrdinary(text);
        return new BenchRequest(index, kind.name(), stream, maxTokens, promptTokens,
                lengths.outputTokensForRequestBody(json), json.getBytes(StandardCharsets.UTF_8));
    }
}
