package dev.tokenlb.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static dev.tokenlb.engine.Aggregation.MAX;
import static dev.tokenlb.engine.Aggregation.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exposition-format reader: what it keeps, how it folds series, and that no input makes it throw. */
class PrometheusTextTest {

    private static final Map<String, Aggregation> WANTED = Map.of("a", SUM, "ratio", MAX, "b_total", SUM,
            "h_sum", SUM, "h_count", SUM);

    private static ParsedMetrics parse(String text) {
        return PrometheusText.parse(text, WANTED);
    }

    @Test
    void sumsTheSeriesOfACountAndTakesTheMaximumOfARatioWhateverTheirLabels() {
        ParsedMetrics m = parse("""
                a{model_name="x",engine="0"} 3
                a{model_name="y",engine="1"} 4.5
                ratio{engine="0"} 0.25
                ratio{engine="1"} 0.75
                ratio{engine="2"} 0.5
                """);
        assertEquals(7.5, m.value("a"));
        assertEquals(0.75, m.value("ratio"));
        assertEquals(5, m.samples());
        assertEquals(0, m.garbageLines());
    }

    @Test
    void keepsOnlyTheNamesAskedForAndMatchesWholeNamesOnly() {
        ParsedMetrics m = parse("""
                ab 1
                a_total 2
                b 3
                b_total 4
                h_bucket{le="0.1"} 5
                h_sum 6.5
                h_count 7
                h_created 1.7e9
                """);
        assertFalse(m.has("ab"));
        assertFalse(m.has("a"));
        assertEquals(4, m.value("b_total"));
        assertEquals(6.5, m.value("h_sum"));
        assertEquals(7, m.value("h_count"));
        assertEquals(Map.of("b_total", 4.0, "h_sum", 6.5, "h_count", 7.0), m.values());
        assertEquals(8, m.samples());
    }

    @Test
    void skipsLabelValuesHoldingBracesCommasSpacesAndEscapedQuotes() {
        ParsedMetrics m = parse("""
                a{path="/v1/{id}",msg="one, two } three",q="say \\"hi\\" \\\\",nl="a\\nb"} 1
                a{ x = "spaced" , y="trailing comma", } 2
                a{} 4
                a{"utf8.name"="v"} 8
                a{u="ünïcødé ✓"} 16
                """);
        assertEquals(31, m.value("a"));
        assertEquals(0, m.garbageLines());
    }

    @Test
    void readsNaNInfinitiesExponentsAndSigns() {
        assertEquals(Double.POSITIVE_INFINITY, parse("a +Inf\n").value("a"));
        assertEquals(Double.NEGATIVE_INFINITY, parse("a -Inf\n").value("a"));
        assertEquals(Double.POSITIVE_INFINITY, parse("a Inf\n").value("a"));
        assertEquals(8.128902e+06, parse("a 8.128902e+06\n").value("a"));
        assertEquals(-1.5e-3, parse("a -1.5E-3\n").value("a"));
        assertEquals(2, parse("a +2\n").value("a"));
        ParsedMetrics nan = parse("a NaN\n");
        assertTrue(nan.has("a"), "a name whose only series is NaN is present");
        assertTrue(Double.isNaN(nan.value("a")));
        assertEquals(0, nan.garbageLines());
    }

    @Test
    void aNaNSeriesNeitherPoisonsASumNorWinsAMaximum() {
        ParsedMetrics m = parse("a 2\na nan\na 3\nratio NaN\nratio 0.4\n");
        assertEquals(5, m.value("a"));
        assertEquals(0.4, m.value("ratio"));
    }

    @Test
    void acceptsTimestampsExemplarsCommentsCrlfAndBlankLines() {
        ParsedMetrics m = parse("# HELP a The a.\r\n# TYPE a gauge\r\n\r\n"
                                + "a 1 1712345678901\r\n"
                                + "   \t\r\n"
                                + "a{x=\"1\"} 2 # {trace_id=\"abc\"} 0.5 1712345678.9\n"
                                + "a 4 1712345678.5 # {trace_id=\"def\"} 1\n"
                                + "# a comment line that mentions a 100\n"
                                + "\ta\t8\n");
        assertEquals(15, m.value("a"));
        assertEquals(0, m.garbageLines());
    }

    @Test
    void stopsAtOpenMetricsEof() {
        ParsedMetrics m = parse("a 1\n# EOF\na 100\n");
        assertEquals(1, m.value("a"));
    }

    @Test
    void skipsAndCountsGarbageLinesAndKeepsTheGoodOnes() {
        ParsedMetrics m = parse("""
                <html><body>oops</body></html>
                a 1
                a
                a{x="unterminated} 5
                a{x="1"}5
                a 1d
                a 0x10
                a Infinity
                a 1 2 3
                a 1 junk
                a{x=1} 2
                {"quoted.only"} 3
                9starts_with_digit 1
                a 2
                """);
        assertEquals(3, m.value("a"));
        assertEquals(2, m.samples());
        assertEquals(12, m.garbageLines());
    }

    @Test
    void anEmptyBodyHasNothing() {
        ParsedMetrics m = parse("");
        assertTrue(m.values().isEmpty());
        assertEquals(0, m.samples());
        assertEquals(0, m.garbageLines());
        assertFalse(m.truncated());
    }

    @Test
    void aTruncatedBodyLeavesOutItsPartialLastLine() {
        byte[] body = "a 1\na 123".getBytes(StandardCharsets.US_ASCII); // cut from "a 12345\n"
        ParsedMetrics m = PrometheusText.parse(body, body.length, true, WANTED);
        assertEquals(1, m.value("a"));
        assertTrue(m.truncated());
        ParsedMetrics whole = PrometheusText.parse(body, body.length, false, WANTED);
        assertEquals(124, whole.value("a"));
    }

    @Test
    void readsOnlyTheGivenLengthOfTheBuffer() {
        byte[] body = Arrays.copyOf("a 1\n".getBytes(StandardCharsets.US_ASCII), 64);
        Arrays.fill(body, 4, 64, (byte) 'x');
        ParsedMetrics m = PrometheusText.parse(body, 4, false, WANTED);
        assertEquals(1, m.value("a"));
        assertEquals(0, m.garbageLines());
    }

    @Test
    void aFourMebibyteBodyOfOneEndlessLineIsReadInBoundedTime() {
        byte[] body = new byte[4 << 20];
        Arrays.fill(body, (byte) 'a');
        long began = System.nanoTime();
        ParsedMetrics m = PrometheusText.parse(body, body.length, false, WANTED);
        assertEquals(1, m.garbageLines());
        String line = "a{engine=\"0\"} 1\n";
        int count = (4 << 20) / line.length();
        byte[] lines = line.repeat(count).getBytes(StandardCharsets.US_ASCII);
        ParsedMetrics many = PrometheusText.parse(lines, lines.length, false, WANTED);
        assertEquals(count, many.value("a"));
        assertEquals(count, many.samples());
        assertTrue(System.nanoTime() - began < 5_000_000_000L, "two 4 MiB bodies parse in well under 5 s");
    }

    @Test
    void readsPlainDecimalsExactlyAsParseDoubleDoes() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            String text = random.nextInt(4) == 0 ? Long.toString(random.nextLong() >>> random.nextInt(64))
                    : random.nextInt(1_000_000) + "." + (random.nextLong() >>> (14 + random.nextInt(50)));
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Double.parseDouble(text), SampleValue.read(bytes, 0, bytes.length), text);
        }
    }

    @Test
    void neverThrowsOnRandomInput() {
        Random random = new Random(42);
        byte[] alphabet = "a_:{}\"=,\\ \t\r\n#.eE+-0123456789NnaIif EOF".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 5_000; round++) {
            byte[] body = new byte[random.nextInt(200)];
            for (int i = 0; i < body.length; i++) {
                body[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            ParsedMetrics m = PrometheusText.parse(body, body.length, random.nextBoolean(), WANTED);
            assertTrue(m.samples() >= 0 && m.garbageLines() >= 0);
        }
    }
}
