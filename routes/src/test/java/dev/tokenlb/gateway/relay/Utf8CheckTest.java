package dev.tokenlb.gateway.relay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's own UTF-8 check judges every byte string as the JDK's strict decoder does. */
class Utf8CheckTest {

    @Test
    void acceptsTextInEveryScriptAndPlane() {
        assertTrue(PrepareProxyRequest.isUtf8("".getBytes(StandardCharsets.UTF_8)));
        assertTrue(PrepareProxyRequest.isUtf8("{\"content\":\"héllo wörld ½ € 日本語 𝄞 😀 \u07FF \uFFFD\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertTrue(PrepareProxyRequest.isUtf8(new String(Character.toChars(0x10FFFF)).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesOverlongSurrogatesTruncatedAndOutOfRangeSequences() {
        int[][] bad = {
                { 0x80 },                   // continuation byte first
                { 0xC0, 0xAF },             // overlong '/'
                { 0xC1, 0xBF },             // overlong
                { 0xE0, 0x80, 0xAF },       // overlong 3-byte
                { 0xED, 0xA0, 0x80 },       // encoded surrogate U+D800
                { 0xF0, 0x80, 0x80, 0xAF }, // overlong 4-byte
                { 0xF4, 0x90, 0x80, 0x80 }, // above U+10FFFF
                { 0xF5, 0x80, 0x80, 0x80 }, // no such lead byte
                { 0xFF },
                { 0xC3 },                   // truncated at the end
                { 0xE2, 0x82 },
                { 0xF0, 0x9F, 0x98 },
                { 0xC3, 0x28 },             // second byte not a continuation
                { 0xE2, 0x28, 0xA1 },
                { 0xE2, 0x82, 0x28 },
                { 0xF0, 0x9F, 0x98, 0x28 },
        };
        for (int[] sequence : bad) {
            byte[] bytes = new byte[sequence.length + 2];
            bytes[0] = '"';
            for (int i = 0; i < sequence.length; i++) {
                bytes[i + 1] = (byte) sequence[i];
            }
            bytes[bytes.length - 1] = '"';
            assertFalse(PrepareProxyRequest.isUtf8(bytes), () -> java.util.Arrays.toString(sequence));
            assertFalse(jdkAccepts(bytes));
        }
    }

    /** Random bytes biased towards multi-byte lead and continuation bytes, judged by both. */
    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(42);
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[random.nextInt(1, 9)];
            for (int i = 0; i < bytes.length; i++) {
                int kind = random.nextInt(4);
                bytes[i] = (byte) switch (kind) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> 0x80 + random.nextInt(0x40);
                    case 2 -> 0xC0 + random.nextInt(0x40);
                    default -> random.nextInt(256);
                };
            }
            boolean expected = jdkAccepts(bytes);
            assertEquals(expected, PrepareProxyRequest.isUtf8(bytes), () -> java.util.Arrays.toString(bytes));
            if (expected) {
                accepted++;
            }
        }
        assertTrue(accepted > 10_000, "the sample must hold valid multi-byte text too, had " + accepted);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
