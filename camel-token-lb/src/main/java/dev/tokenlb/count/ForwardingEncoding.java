package dev.tokenlb.count;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * An {@link Encoding} that passes every call to another: extend it and override what you change. Thread-safe if the
 * encoding it wraps is (jtokkit's are).
 */
abstract class ForwardingEncoding implements Encoding {

    private final Encoding encoding;

    ForwardingEncoding(Encoding encoding) {
        this.encoding = encoding;
    }

    @Override
    public int countTokensOrdinary(String text) {
        return encoding.countTokensOrdinary(text);
    }

    @Override
    public IntArrayList encode(String text) {
        return encoding.encode(text);
    }

    @Override
    public EncodingResult encode(String text, int maxTokens) {
        return encoding.encode(text, maxTokens);
    }

    @Override
    public IntArrayList encodeOrdinary(String text) {
        return encoding.encodeOrdinary(text);
    }

    @Override
    public EncodingResult encodeOrdinary(String text, int maxTokens) {
        return encoding.encodeOrdinary(text, maxTokens);
    }

    @Override
    public int countTokens(String text) {
        return encoding.countTokens(text);
    }

    @Override
    public String decode(IntArrayList tokens) {
        return encoding.decode(tokens);
    }

    @Override
    public byte[] decodeBytes(IntArrayList tokens) {
        return encoding.decodeBytes(tokens);
    }

    @Override
    public String getName() {
        return encoding.getName();
    }
}
