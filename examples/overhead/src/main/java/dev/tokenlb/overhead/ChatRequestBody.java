package dev.tokenlb.overhead;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Chat-size OpenAI requests: a system line and a user message of English-like text of about 300 cl100k_base tokens
 * ({@code ChatRequestBodyTest} counts them), {@code max_tokens} 16. The text is made of common whole words, about 5.3
 * characters a token, so 300 tokens take about 1,600 characters (free English prose runs nearer 4 a token). A few
 * variants from a seeded generator, each user message opened with the request's own number ("Request 123. "), so
 * that no two requests carry the same text: the gateway remembers the counts of long texts it has seen (a
 * conversation's history), and this benchmark is about requests it has not. Immutable, thread-safe.
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

    private static final String MARK = "@@request-number@@";

    /** Each variant's JSON before and after the request number, which opens the user message. */
    private final byte[][] heads;
    private final byte[][] tails;

    private ChatRequestBody(byte[][] heads, byte[][] tails) {
        this.heads = heads;
        this.tails = tails;
    }

    /** {@code count} different request texts from {@code seed}. */
    static ChatRequestBody of(int count, long seed, boolean stream) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] heads = new byte[count][];
        byte[][] tails = new byte[count][];
        for (int i = 0; i < count; i++) {
            String json = json(MARK + englishLike(random, PROMPT_CHARS), stream).encode();
            int at = json.indexOf(MARK);
            heads[i] = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
            tails[i] = json.substring(at + MARK.length()).getBytes(StandardCharsets.UTF_8);
        }
        return new ChatRequestBody(heads, tails);
    }

    /** The body of request number {@code i}: variant {@code i mod count}, its user message opened with {@code i}. */
    Buffer body(int i) {
        int v = Math.floorMod(i, heads.length);
        byte[] number = ("Request " + i + ". ").getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(heads[v].length + number.length + tails[v].length).appendBytes(heads[v])
            .appendBytes(number).appendBytes(tails[v]);
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
