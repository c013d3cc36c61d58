package dev.tokenlb.count;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import org.apache.camel.util.json.JsonObject;

/**
 * Counts the prompt tokens of OpenAI-style request bodies with one jtokkit encoding. Thread-safe and cheap to share:
 * create one per encoding and keep it.
 *
 * <pre>
 * TokenCounter counter = TokenCounter.forEncoding("cl100k_base");
 * CountedRequest request = counter.count(body, ApiShape.AUTO);
 * long cost = request.promptTokens() + Math.max(request.maxOutputTokens(), 0);
 * </pre>
 *
 * Text is counted with {@code countTokensOrdinary}: user text may contain special-token strings such as
 * {@code <|endoftext|>}, which count as ordinary text instead of being rejected.
 * <p>
 * Each counter remembers the counts of the long texts it counted recently ({@link #DEFAULT_CACHE_ENTRIES} of them by
 * default): a conversation's system prompt and earlier messages, sent again on every turn, are then hashed instead of
 * tokenized. The counts are exact either way.
 */
public final class TokenCounter {

    /** The encoding used when none is named: GPT-3.5/GPT-4's, and a fair estimate for most open models. */
    public static final String DEFAULT_ENCODING = EncodingType.CL100K_BASE.getName();

    /** One registry for the JVM; the lazy one loads an encoding's vocabulary only when it is first asked for. */
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    /** Texts whose counts a counter remembers by default; about 40 bytes each. */
    public static final int DEFAULT_CACHE_ENTRIES = 4096;

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** As {@link #forEncoding(String, int)} with {@link #DEFAULT_CACHE_ENTRIES}. */
    public static TokenCounter forEncoding(String name) {
        return forEncoding(name, DEFAULT_CACHE_ENTRIES);
    }

    /**
     * @param  name                     a jtokkit encoding name: {@code cl100k_base}, {@code o200k_base},
     *                                  {@code p50k_base}, {@code p50k_edit}, {@code r50k_base}; case-insensitive;
     *                                  null or blank means {@link #DEFAULT_ENCODING}
     * @param  cacheEntries             how many long texts' counts to remember (rounded up to a power of two);
     *                                  0 counts every text every time
     * @throws IllegalArgumentException naming the allowed encodings, for any other name; for a negative cache size
     */
    public static TokenCounter forEncoding(String name, int cacheEntries) {
        String key = name == null || name.isBlank() ? DEFAULT_ENCODING : name.trim().toLowerCase(Locale.ROOT);
        EncodingType type = EncodingType.fromName(key).orElseThrow(() -> new IllegalArgumentException(
                "Unknown token encoding '" + name + "'; allowed: " + allowedEncodings()));
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("cacheEntries must be >= 0, was " + cacheEntries);
        }
        Encoding encoding = REGISTRY.getEncoding(type);
        return new TokenCounter(cacheEntries == 0 ? encoding : new CountCache(encoding, cacheEntries));
    }

    private static String allowedEncodings() {
        return Arrays.stream(EncodingType.values()).map(EncodingType::getName).collect(Collectors.joining(", "));
    }

    public String encodingName() {
        return encoding.getName();
    }

    /** Long texts (256 characters or more) whose count came from the count cache; 0 without one. */
    public long cacheHits() {
        return encoding instanceof CountCache cache ? cache.hits() : 0;
    }

    /** Long texts that were tokenized because the count cache did not have them; 0 without one. */
    public long cacheMisses() {
        return encoding instanceof CountCache cache ? cache.misses() : 0;
    }

    /** Tokens of a text, special-token strings counted as ordinary text; null counts 0. */
    public int countText(String text) {
        return text == null ? 0 : encoding.countTokensOrdinary(text);
    }

    /**
     * Parses the body once and counts its prompt tokens as the given shape.
     * <ul>
     * <li>{@link ApiShape#AUTO}: the shape is detected from the fields (rules in {@link ShapeDetector}); a body that
     * is not a JSON object we can read (blank, not JSON, a JSON array or scalar, nested deeper than
     * {@value JsonTree#MAX_DEPTH} levels) or has none of {@code messages}, {@code prompt}, {@code input} is counted
     * whole as {@link ApiShape#PLAIN_TEXT}. A JSON request whose fields have the wrong types is still refused.</li>
     * <li>A concrete shape: the body must be a JSON object of that shape.</li>
     * </ul>
     *
     * @param  body                    the request body; null counts as empty
     * @throws InvalidRequestException when the body is malformed for its shape (or, with a concrete shape, empty or
     *                                 not a JSON object)
     */
    public CountedRequest count(String body, ApiShape shape) {
        Objects.requireNonNull(shape, "shape");
        if (shape == ApiShape.PLAIN_TEXT) {
            return CountedRequest.plainText(countText(body));
        }
        if (shape != ApiShape.AUTO) {
            return countAs(shape, JsonBody.parseObject(body));
        }
        if (!JsonBody.mayBeObject(body)) {
            return CountedRequest.plainText(countText(body));
        }
        JsonObject json;
        try {
            json = JsonBody.parseObject(body);
        } catch (InvalidRequestException notAnObject) {
            // Rare (the body starts with '{' but is no JSON object), and the exception carries no stack trace.
            return CountedRequest.plainText(countText(body));
        }
        ApiShape detected = ShapeDetector.detect(json);
        return detected == ApiShape.PLAIN_TEXT ? CountedRequest.plainText(countText(body)) : countAs(detected, json);
    }

    private CountedRequest countAs(ApiShape shape, JsonObject body) {
        int promptTokens;
        switch (shape) {
            case CHAT_COMPLETIONS:
                promptTokens = ChatCompletionsCount.promptTokens(body, encoding);
                break;
            case COMPLETIONS:
                promptTokens = PromptCount.tokens(body.get("prompt"), "prompt", encoding);
                break;
            case EMBEDDINGS:
                promptTokens = PromptCount.tokens(body.get("input"), "input", encoding);
                break;
            case RESPONSES:
                promptTokens = ResponsesCount.promptTokens(body, encoding);
                break;
            default:
                throw new IllegalStateException("not a concrete shape: " + shape);
        }
        return RequestFields.read(shape, promptTokens, body);
    }

    @Override
    public String toString() {
        return "TokenCounter[" + encodingName() + "]";
    }
}
