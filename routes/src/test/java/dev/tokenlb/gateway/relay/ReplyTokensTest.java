package dev.tokenlb.gateway.relay;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Output tokens read off relayed replies: per event with text, or the reported usage, by a hand-written scan. */
class ReplyTokensTest {

    @Test
    void countsEventsWithTextAndTakesTheReportedUsage() {
        ReplyTokens tokens = new ReplyTokens();
        tokens.events(bytes("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"));
        assertEquals(0, tokens.counted(), "an empty content is no token");
        tokens.events(bytes("data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\" : \"lo ü 日本\"}}]}\r\n\r\n"
                + "data: {\"choices\":[{\"text\":\"!\"}]}\n\n"));
        assertEquals(3, tokens.counted());
        assertEquals(-1, tokens.reported());
        tokens.events(bytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\": 42}}\n\n"
                + "data: [DONE]\n\n"));
        assertEquals(3, tokens.counted());
        assertEquals(42, tokens.reported());
    }

    @Test
    void readsUsageFromAPlainReplyAndSaturatesAnAbsurdCount() {
        assertEquals(16, ReplyTokens.reportedIn(bytes("{\"usage\":{\"completion_tokens\":16,\"total_tokens\":20}}")));
        assertEquals(-1, ReplyTokens.reportedIn(bytes("{\"usage\":{}}")));
        assertEquals(Long.MAX_VALUE, ReplyTokens.reportedIn(bytes("{\"completion_tokens\":123456789012345678901234}")));
        ReplyTokens kept = new ReplyTokens();
        byte[] body = bytes("{\"usage\":{\"completion_tokens\"\t:\n7}}");
        kept.body(body, 10);
        kept.body(java.util.Arrays.copyOfRange(body, 10, body.length), body.length - 10);
        assertEquals(7, kept.reported());
    }

    /** Random SSE-like byte soup: the scan agrees with the regular expressions it replaced. */
    @Test
    void agreesWithTheRegularExpressionsItReplaced() {
        String[] pieces = { "data:", "data: ", "[DONE]", "\"content\"", "\"text\"", "\"completion_tokens\"", ":", " ",
            "\t", "\"", "\"\"", "\"x\"", "12", "0", "\n", "\r", "\n\n", "\r\n\r\n", "\r\r", "{", "}", "ü", "日本", ",",
            "\"role\"", "99999999999999999999" };
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(1, 30);
            for (int i = 0; i < n; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] events = bytes(text.toString());
            ReplyTokens tokens = new ReplyTokens();
            tokens.events(events);
            RegexReading expected = new RegexReading();
            expected.events(events);
            assertEquals(expected.counted, tokens.counted(), () -> "counted in: " + text);
            assertEquals(expected.reported, tokens.reported(), () -> "reported in: " + text);
            assertEquals(RegexReading.usage(text.toString()), ReplyTokens.reportedIn(events), () -> "body: " + text);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The regular-expression reading used before, kept as the reference (numbers saturated as the scan does). */
    private static final class RegexReading {
        private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\"\\s*:\\s*(\\d+)");
        private static final Pattern TEXT = Pattern.compile("\"(?:content|text)\"\\s*:\\s*\"(?!\")");
        long counted;
        long reported = -1;

        void events(byte[] events) {
            String text = new String(events, StandardCharsets.UTF_8);
            for (String event : text.split("\r?\n\r?\n|\r\r")) {
                int data = event.indexOf("data:");
                if (data < 0 || event.startsWith("[DONE]", skipSpace(event, data + 5))) {
                    continue;
                }
                long usage = usage(event);
                if (usage >= 0) {
                    reported = usage;
                }
                if (TEXT.matcher(event).find()) {
                    counted++;
                }
            }
        }

        static long usage(String text) {
            Matcher m = COMPLETION_TOKENS.matcher(text);
            if (!m.find()) {
                return -1;
            }
            try {
                return Long.parseLong(m.group(1));
            } catch (NumberFormatException tooBig) {
                return Long.MAX_VALUE;
            }
        }

        private static int skipSpace(String s, int i) {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }
}
