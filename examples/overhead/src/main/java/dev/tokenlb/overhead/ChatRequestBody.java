package dev.tokenlb.overhead;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;

/**
 * Chat-size OpenAI requests: a system line and a user message of English-like text of about 300 cl100k_base tokens
 * ({@code ChatRequestBodyTest} counts them), {@code max_tokens} 16. The text is made of common whole words, about 5.3
 * characters a token, so 300 tokens take about 1,600 characters (free English prose runs nearer 4 a token). A few variants from a seeded
 * generator, so the gateway counts real, differing text rather than one cached string. Immutable, thread-safe.
 */
final class ChatRequestBody {

    static final int PROMPT_CHARS = 1600;
    static final int MAX_TOKENS = 16;

    private static final String[] WORDS = {
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "at", "by",
        "this", "had", "not", "are", "but", "from", "or", "have", "an", "they", "which", "one", "you", "were", "all",
        "we", "when", "there", "can", "more", "time", "model", "data", "system", "answer", "example", "result",
        "value", "request", "server", "report", "market", "table", "price", "water", "city", "house", "school",
        "number", "people", "world", "year", "state", "group", "company", "question", "problem", "service", "order",
        "policy", "account", "customer", "product", "contract", "section", "page", "line", "point", "case", "team",
        "project", "plan", "rate", "level", "summarize", "explain", "between", "because", "before", "after",
    };

    private final Buffer[] variants;

    private ChatRequestBody(Buffer[] variants) {
        this.variants = variants;
    }

    /** {@code count} different request bodies from {@code seed}. */
    static ChatRequestBody of(int count, long seed, boolean stream) {
        SplittableRandom random = new SplittableRandom(seed);
        Buffer[] variants = new Buffer[count];
        for (int i = 0; i < count; i++) {
            variants[i] = json(englishLike(random, PROMPT_CHARS), stream).toBuffer();
        }
        return new ChatRequestBody(variants);
    }

    /** The body of request number {@code i} (variants in turn). */
    Buffer body(int i) {
        return variants[Math.floorMod(i, variants.length)];
    }

    static JsonObject json(String userText, boolean stream) {
        JsonArray messages = new JsonArray()
            .add(new JsonObject().put("role", "system").put("content", "You are a helpful assistant."))
            .add(new JsonObject().put("role", "user").put("content", userText));
        return new JsonObject().put("model", "fake-model").put("messages", messages)
            .put("max_tokens", MAX_TOKENS).put("stream", stream);
    }

    /** Sentences of common words, capitalised, 8 to 17 words each, at least {@code chars} characters in all. */
    static String englishLike(SplittableRandom random, int chars) {
        StringBuilder text = new StringBuilder(chars + 64);
        while (text.length() < chars) {
            int words = 8 + random.nextInt(10);
            for (int w = 0; w < words; w++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                if (w == 0) {
                    word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                }
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(word);
            }
            text.append(random.nextInt(5) == 0 ? ',' : '.');
        }
        return text.toString();
    }
}
