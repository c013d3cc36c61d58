package dev.tokenlb.gateway.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SseEventFramer}: whatever the block boundaries, events come out whole, in order and byte-identical, each as
 * soon as its terminating blank line is known, and nothing is lost at the end of the stream.
 */
class SseEventFramerTest {

    /** The terminating blank line of an event, and the line break used inside that event. */
    private static final String[][] STYLES = {
            {"\n\n", "\n"}, {"\r\n\r\n", "\r\n"}, {"\r\r", "\r"}, {"\r\r\n", "\r"}, {"\n\r\n", "\n"}};

    @Test
    void eventsFedByteByByteComeOutWholeInOrderAndByteIdentical() {
        Stream stream = mixedStream(new Random(1), 60);
        int[] blocks = new int[stream.bytes.length];
        java.util.Arrays.fill(blocks, 1);
        assertFramedExactly(stream, blocks);
    }

    @Test
    void eventsFedInRandomBlocksComeOutWholeInOrderAndByteIdentical() {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            Stream stream = mixedStream(random, 1 + random.nextInt(80));
            int maxBlock = random.nextBoolean() ? 1 + random.nextInt(16) : 1 + random.nextInt(9000);
            List<Integer> sizes = new ArrayList<>();
            for (int left = stream.bytes.length; left > 0; ) {
                int n = Math.min(left, 1 + random.nextInt(maxBlock));
                sizes.add(n);
                left -= n;
            }
            assertFramedExactly(stream, sizes.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @Test
    void severalEventsCompletedByOneReadComeOutTogether() {
        SseEventFramer framer = new SseEventFramer();
        String three = "data: 1\n\ndata: 2\r\n\r\ndata: 3\n\n";
        assertEquals(three, accept(framer, three + "data: 4"));
        assertEquals(3, framer.events());
        assertEquals("data: 4", text(framer.flush()));
    }

    @Test
    void eachKindOfBlankLineEndsAnEvent() {
        for (String[] style : new String[][] {{"\n\n"}, {"\r\n\r\n"}, {"\n\r\n"}}) {
            SseEventFramer framer = new SseEventFramer();
            String event = "data: a" + style[0];
            assertEquals(event, accept(framer, event), "terminator " + escape(style[0]) + " seen at once");
            assertEquals(1, framer.events());
            assertEquals("", text(framer.flush()));
        }
    }

    @Test
    void carriageReturnPairEndsAnEventOnceTheNextByteShowsItIsNotFollowedByLineFeed() {
        SseEventFramer framer = new SseEventFramer();
        assertEquals("", accept(framer, "data: a\r\r"), "\\r\\r\\n would be one event too: wait for the next byte");
        assertEquals("data: a\r\r", accept(framer, "d"));
        assertEquals("data: b\r\r\n", accept(framer, "ata: b\r\r\n"), "\\r then \\r\\n is a blank line as well");
        assertEquals("", text(framer.flush()));
        assertEquals(2, framer.events());
    }

    @Test
    void carriageReturnAtTheEndOfABlockJoinsTheLineFeedThatStartsTheNext() {
        SseEventFramer framer = new SseEventFramer();
        assertEquals("", accept(framer, "data: a\r"));
        // "\r" + "\n" is one line break, not a line end followed by a blank line
        assertEquals("", accept(framer, "\ndata: b\r"));
        assertEquals("", accept(framer, "\n\r"));
        assertEquals("data: a\r\ndata: b\r\n\r\n", accept(framer, "\n"));
        assertEquals(1, framer.events());
        assertEquals("", text(framer.flush()), "no stray \\n left for the next event");
    }

    @Test
    void flushReturnsWhatIsLeftAtTheEndOfTheStreamOnce() {
        SseEventFramer framer = new SseEventFramer();
        assertEquals("data: 1\n\n", accept(framer, "data: 1\n\ndata: unfinished"));
        assertEquals("data: unfinished", text(framer.flush()));
        assertEquals("", text(framer.flush()));

        assertEquals("", accept(framer, "data: [DONE]\r\r"));
        assertEquals("data: [DONE]\r\r", text(framer.flush()), "a last event held for its trailing \\r");
    }

    @Test
    void readsHonourOffsetAndLengthAndAnEmptyReadYieldsNothing() {
        SseEventFramer framer = new SseEventFramer();
        byte[] buf = "xxdata: a\n\nyy".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, framer.accept(buf, 0, 0).length);
        assertEquals("data: a\n\n", text(framer.accept(buf, 2, 9)));
        assertEquals("", text(framer.flush()));
    }

    /**
     * Feeds the stream in the given block sizes and checks, after every block: what came out ends on an event
     * boundary, and every event whose blank line is known by now has come out (only a final {@code \r} may be held
     * back, since a {@code \n} may follow). At the end, the output plus flush() is the input, byte for byte.
     */
    private static void assertFramedExactly(Stream stream, int[] blocks) {
        SseEventFramer framer = new SseEventFramer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fed = 0;
        for (int n : blocks) {
            out.writeBytes(framer.accept(stream.bytes, fed, n));
            fed += n;
            int emitted = out.size();
            assertTrue(emitted == 0 || stream.boundaries.contains(emitted),
                    () -> "cut inside an event at byte " + emitted + " of " + stream.describe());
            Integer due = stream.boundaries.floor(fed);
            if (due != null && due == fed && stream.bytes[fed - 1] == '\r') {
                due = stream.boundaries.lower(fed);
            }
            int expected = due == null ? 0 : due;
            assertEquals(expected, emitted, () -> "event held back after " + escape(
                    new String(stream.bytes, 0, Math.min(stream.bytes.length, emitted + 40), StandardCharsets.UTF_8)));
        }
        out.writeBytes(framer.flush());
        assertArrayEquals(stream.bytes, out.toByteArray(), stream::describe);
        assertEquals(stream.boundaries.size(), framer.events(), stream::describe);
    }

    /** Events with mixed terminators, multi-line data, comments and multi-byte UTF-8, ending as OpenAI's do. */
    private static Stream mixedStream(Random random, int events) {
        StringBuilder text = new StringBuilder();
        TreeSet<Integer> boundaries = new TreeSet<>();
        int bytes = 0;
        for (int e = 0; e < events; e++) {
            String[] style = STYLES[random.nextInt(STYLES.length)];
            StringBuilder event = new StringBuilder();
            if (random.nextInt(5) == 0) {
                event.append(": keep-alive").append(style[1]);
            }
            if (random.nextInt(4) == 0) {
                event.append("event: chunk").append(style[1]);
            }
            int lines = 1 + random.nextInt(3);
            for (int l = 0; l < lines; l++) {
                event.append("data: {\"i\":").append(e).append(",\"content\":\"")
                        .append(random.nextBoolean() ? "héllo wörld 日本語 " : "plain ascii ")
                        .append("x".repeat(random.nextInt(random.nextInt(10) == 0 ? 20_000 : 200)))
                        .append("\"}");
                if (l < lines - 1) {
                    event.append(style[1]);
                }
            }
            event.append(style[0]);
            text.append(event);
            bytes += event.toString().getBytes(StandardCharsets.UTF_8).length;
            boundaries.add(bytes);
        }
        text.append("data: [DONE]\n\n");
        byte[] all = text.toString().getBytes(StandardCharsets.UTF_8);
        boundaries.add(all.length);
        return new Stream(all, boundaries);
    }

    private record Stream(byte[] bytes, TreeSet<Integer> boundaries) {
        String describe() {
            return boundaries.size() + " events, " + bytes.length + " bytes";
        }
    }

    private static String accept(SseEventFramer framer, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return text(framer.accept(b, 0, b.length));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
