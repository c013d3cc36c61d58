package dev.tokenlb.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * How many tokens a simulated request generates: a bounded lognormal draw keyed on the request's content, so the same
 * request always gets the same length and a benchmark "oracle" can compute it with {@link #outputTokensFor} or
 * {@link #outputTokensForRequestBody}. With the defaults (median 150, sigma 1.0, bounds 1..2000) the mean is about
 * 240, the 90th percentile about 540 and the 99th about 1,540 tokens. Immutable, thread-safe.
 *
 * <pre>
 * int trueLength = OutputLengthModel.defaults().outputTokensForRequestBody(body);
 * </pre>
 */
public final class OutputLengthModel {

    private static final OutputLengthModel DEFAULTS = new OutputLengthModel(150, 1.0, 1, 2000, 0L);

    private final int medianTokens;
    private final double sigma;
    private final int minTokens;
    private final int maxTokens;
    private final long seed;

    /**
     * @param medianTokens median of the lognormal, at least 1
     * @param sigma        standard deviation of the underlying normal, 0 (every request gets the median) up to 4
     * @param minTokens    lower bound of a draw, at least 1
     * @param maxTokens    upper bound of a draw, at least {@code minTokens}
     * @param seed         mixed into every key: another seed gives another, equally distributed, set of lengths
     */
    public OutputLengthModel(int medianTokens, double sigma, int minTokens, int maxTokens, long seed) {
        if (medianTokens < 1) {
            throw new IllegalArgumentException("medianTokens must be >= 1, was " + medianTokens);
        }
        if (!(sigma >= 0 && sigma <= 4)) {
            throw new IllegalArgumentException("sigma must be in [0, 4], was " + sigma);
        }
        if (minTokens < 1 || maxTokens < minTokens) {
            throw new IllegalArgumentException("need 1 <= minTokens <= maxTokens, was " + minTokens + ".." + maxTokens);
        }
        this.medianTokens = medianTokens;
        this.sigma = sigma;
        this.minTokens = minTokens;
        this.maxTokens = maxTokens;
        this.seed = seed;
    }

    public static OutputLengthModel defaults() {
        return DEFAULTS;
    }

    /**
     * The key a request's length is drawn from: its {@code model} field as sent (empty if absent) and its prompt text.
     * The endpoint, {@code stream} and {@code max_tokens} are not part of it, so a streamed and a plain copy of one
     * request generate the same text.
     */
    public static String lengthKey(String model, String promptText) {
        return (model == null ? "" : model) + '\n' + promptText;
    }

    /** The length the request would have without a {@code max_tokens} cap. */
    public int naturalOutputTokensFor(String key) {
        if (sigma == 0) {
            return clamp(medianTokens);
        }
        SplittableRandom random = new SplittableRandom(fnv1a64(key) ^ seed);
        double u1 = 1.0 - random.nextDouble(); // in (0, 1], safe for log
        double u2 = random.nextDouble();
        double standardNormal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2); // Box-Muller
        return clamp(Math.round(medianTokens * Math.exp(sigma * standardNormal)));
    }

    /**
     * The number of tokens a request with this key generates: its natural length, capped by {@code maxTokens}.
     *
     * @param key       see {@link #lengthKey}
     * @param maxTokens the request's {@code max_completion_tokens} or {@code max_tokens}; null = no cap
     */
    public int outputTokensFor(String key, Integer maxTokens) {
        int natural = naturalOutputTokensFor(key);
        return maxTokens == null ? natural : Math.min(natural, maxTokens);
    }

    /**
     * The number of tokens the simulator generates for this chat or completions request body: what an oracle needs.
     *
     * @throws IllegalArgumentException if the body is not a request the simulator would accept
     */
    public int outputTokensForRequestBody(String requestBodyJson) {
        try {
            LlmRequest request = RequestParser.parseForOracle(requestBodyJson);
            return outputTokensFor(request.lengthKey(), request.maxTokens());
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public int medianTokens() {
        return medianTokens;
    }

    public double sigma() {
        return sigma;
    }

    public int minTokens() {
        return minTokens;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public long seed() {
        return seed;
    }

    private int clamp(long tokens) {
        return (int) Math.max(minTokens, Math.min(maxTokens, tokens));
    }

    /** 64-bit FNV-1a over UTF-8: specified bit for bit, so lengths are the same in every JVM and every run. */
    private static long fnv1a64(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    @Override
    public String toString() {
        return "OutputLengthModel[median=" + medianTokens + ", sigma=" + sigma + ", bounds=" + minTokens + ".."
                + maxTokens + ", seed=" + seed + "]";
    }
}
