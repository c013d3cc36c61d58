package dev.tokenlb.count;

import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;
import org.apache.camel.util.json.JsonObject;

/**
 * Benchmark access to the package-private steps {@link TokenCounter#count} takes before and around tokenizing, so
 * the extraction benchmark runs the library's own code rather than a copy of it. It lives in the library's package
 * (a split package on the class path, one jar once shaded) and only forwards; it is no part of the library.
 */
public final class CountInternals {

    /**
     * An "encoding" that counts a text as its length in chars: passed to the library's chat walk, it makes the walk do
     * everything it does for a real count (type checks, field paths, tool definitions serialized) except tokenizing.
     */
    private static final Encoding CHARS = new CharsEncoding();

    private CountInternals() {
    }

    /**
     * What {@code count(body, AUTO)} does for a chat body, with the tokenizer replaced by {@code String.length()}:
     * the blank and object checks, the parse (jackson-core, into Camel's JsonObject), shape detection, the walk over
     * messages and tools, and the request fields. Returns the total chars that would have been tokenized plus the
     * overheads.
     */
    public static int extractChat(String body) {
        if (!JsonBody.mayBeObject(body)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonObject json = JsonBody.parseObject(body);
        ApiShape shape = ShapeDetector.detect(json);
        if (shape != ApiShape.CHAT_COMPLETIONS) {
            throw new IllegalArgumentException("not a chat body: " + shape);
        }
        int chars = ChatCompletionsCount.promptTokens(json, CHARS);
        return RequestFields.read(shape, chars, json).promptTokens();
    }

    private static final class CharsEncoding implements Encoding {
        @Override
        public int countTokensOrdinary(String text) {
            return text.length();
        }

        @Override
        public int countTokens(String text) {
            return text.length();
        }

        @Override
        public IntArrayList encode(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EncodingResult encode(String text, int maxTokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IntArrayList encodeOrdinary(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EncodingResult encodeOrdinary(String text, int maxTokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String decode(IntArrayList tokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] decodeBytes(IntArrayList tokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getName() {
            return "chars";
        }
    }
}
