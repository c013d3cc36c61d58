package dev.tokenlb.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A small reader of the Prometheus text exposition format (0.0.4) that also takes OpenMetrics text ({@code # EOF},
 * {@code _created} series, exemplars after {@code " # "}, float timestamps). It keeps only the metric names it is
 * asked for, matched on the sample's name alone (labels are never matched), and folds the series of each name
 * with its {@link Aggregation}. Labels are skipped, except for a name folded {@link Aggregation#NEWEST}: the newest
 * series' labels are kept (decoded: {@code \\}, {@code \"}, {@code \n}). Every line is checked: a malformed one (bad name, unterminated labels, unparseable
 * value, junk after the value) is skipped and counted, never fatal. It never throws on any input.
 * <p>
 * Works on bytes: names and values are ASCII; label values, the only place UTF-8 may appear, are decoded only when kept.
 * Stateless and thread-safe.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    static ParsedMetrics parse(String text, Map<String, Aggregation> wanted) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length, false, wanted);
    }

    /**
     * @param body      the bytes read, from index 0
     * @param length    how many of them to read
     * @param truncated whether the body was cut at a size bound: then its last line, likely partial (a value cut
     *                  {@code 12} from {@code 123}), is left out
     * @param wanted    the names to keep, with how to fold each one's series
     */
    static ParsedMetrics parse(byte[] body, int length, boolean truncated, Map<String, Aggregation> wanted) {
        Reader reader = new Reader(body, wanted);
        int end = truncated ? lastNewline(body, length) + 1 : length;
        int pos = 0;
        while (pos < end) {
            int eol = indexOf(body, (byte) '\n', pos, end);
            int lineEnd = eol < 0 ? end : eol;
            if (lineEnd > pos && body[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (!reader.line(pos, lineEnd)) {
                break; // "# EOF": OpenMetrics ends here, whatever follows
            }
            pos = eol < 0 ? end : eol + 1;
        }
        return new ParsedMetrics(reader.folded(), reader.samples, reader.garbage, truncated, reader.labels);
    }

    /** The state of one parse. */
    private static final class Reader {
        private final byte[] b;
        private final Map<String, Aggregation> wanted;
        private final int[] wantedHashes;
        private final Map<String, double[]> found = new HashMap<>();
        private final Map<String, Map<String, String>> labels = new HashMap<>();
        int samples;
        int garbage;

        Reader(byte[] b, Map<String, Aggregation> wanted) {
            this.b = b;
            this.wanted = wanted;
            this.wantedHashes = wanted.keySet().stream().mapToInt(String::hashCode).sorted().toArray();
        }

        /** {@link String#hashCode()} of the ASCII name in {@code b[from, end)}, computed without making the String. */
        private int hash(int from, int end) {
            int h = 0;
            for (int i = from; i < end; i++) {
                h = 31 * h + (b[i] & 0xff);
            }
            return h;
        }

        /** Reads one line (without its end of line); false at {@code # EOF}. */
        boolean line(int from, int end) {
            int p = skipBlanks(from, end);
            if (p == end) {
                return true;
            }
            if (b[p] == '#') {
                // HELP, TYPE, UNIT and plain comments say nothing we need
                return !(end - p == 5 && b[p + 1] == ' ' && b[p + 2] == 'E' && b[p + 3] == 'O' && b[p + 4] == 'F');
            }
            int nameEnd = name(p, end);
            int q = nameEnd;
            if (q > p && q < end && b[q] == '{') {
                q = labels(q + 1, end);
            }
            double value = Double.NaN;
            boolean ok = q > p && q < end && isBlank(b[q]);
            if (ok) {
                int v = skipBlanks(q, end);
                int vEnd = token(v, end);
                value = SampleValue.read(b, v, vEnd);
                ok = vEnd > v && (!Double.isNaN(value) || SampleValue.isNaN(b, v, vEnd)) && tail(vEnd, end);
            }
            if (!ok) {
                garbage++;
                return true;
            }
            samples++;
            if (Arrays.binarySearch(wantedHashes, hash(p, nameEnd)) < 0) {
                return true; // not asked for: no String made for it
            }
            String name = new String(b, p, nameEnd - p, StandardCharsets.ISO_8859_1);
            Aggregation how = wanted.get(name);
            if (how != null) {
                double[] slot = found.computeIfAbsent(name, n -> new double[] {Double.NaN});
                // a NaN series says "no value": it neither poisons the sum nor wins the max
                if (how == Aggregation.NEWEST && !Double.isNaN(value)
                    && (Double.isNaN(slot[0]) || value >= slot[0])) {
                    labels.put(name, nameEnd < q ? labelMap(nameEnd + 1, q - 1) : Map.of());
                }
                if (!Double.isNaN(value)) {
                    slot[0] = Double.isNaN(slot[0]) ? value : how.fold(slot[0], value);
                }
            }
            return true;
        }

        Map<String, Double> folded() {
            Map<String, Double> out = new HashMap<>(found.size() * 2);
            found.forEach((name, slot) -> out.put(name, slot[0]));
            return out;
        }

        /** End of a metric name starting at p ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}); p itself when there is none. */
        private int name(int p, int end) {
            if (!(isLetter(b[p]) || b[p] == '_' || b[p] == ':')) {
                return p;
            }
            int i = p + 1;
            while (i < end && (isLetter(b[i]) || isDigit(b[i]) || b[i] == '_' || b[i] == ':')) {
                i++;
            }
            return i;
        }

        /**
         * Skips {@code name="value", ...}} from just after the '{'; returns the index after the '}', or -1 when the
         * label set is malformed. Quoted values may hold '}', ',', spaces and escaped quotes.
         */
        private int labels(int p, int end) {
            int i = skipBlanks(p, end);
            while (i < end && b[i] != '}') {
                int n = b[i] == '"' ? quoted(i, end) : name(i, end); // quoted names: Prometheus 3 UTF-8 names
                if (n <= i) {
                    return -1;
                }
                i = skipBlanks(n, end);
                if (i < end && b[i] == '=') {
                    i = skipBlanks(i + 1, end);
                    if (i >= end || b[i] != '"') {
                        return -1;
                    }
                    i = quoted(i, end);
                    if (i < 0) {
                        return -1;
                    }
                    i = skipBlanks(i, end);
                }
                if (i < end && b[i] == ',') {
                    i = skipBlanks(i + 1, end);
                } else if (i >= end || b[i] != '}') {
                    return -1;
                }
            }
            return i < end ? i + 1 : -1;
        }

        /** The labels between '{' and '}' (exclusive), already checked well-formed by {@link #labels}. */
        private Map<String, String> labelMap(int p, int end) {
            Map<String, String> out = new HashMap<>();
            int i = skipBlanks(p, end);
            while (i < end) {
                int n = b[i] == '"' ? quoted(i, end) : name(i, end);
                String key = b[i] == '"' ? unquote(i, n) : new String(b, i, n - i, StandardCharsets.ISO_8859_1);
                i = skipBlanks(n, end);
                String value = "";
                if (i < end && b[i] == '=') {
                    i = skipBlanks(i + 1, end);
                    int v = quoted(i, end);
                    value = unquote(i, v);
                    i = skipBlanks(v, end);
                }
                out.put(key, value);
                if (i < end && b[i] == ',') {
                    i = skipBlanks(i + 1, end);
                } else {
                    break;
                }
            }
            return out;
        }

        /** The text of a quoted label value {@code b[from, end)}, quotes included, with its escapes undone. */
        private String unquote(int from, int end) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(end - from);
            for (int i = from + 1; i < end - 1; i++) {
                byte c = b[i];
                if (c == '\\' && i + 1 < end - 1) {
                    byte e = b[++i];
                    out.write(e == 'n' ? '\n' : e);
                } else {
                    out.write(c);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        /** From an opening quote, the index after the closing one; -1 when the line ends first. */
        private int quoted(int p, int end) {
            for (int i = p + 1; i < end; i++) {
                if (b[i] == '\\') {
                    i++; // \" \\ \n: the escaped byte is never the end
                } else if (b[i] == '"') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** After the value: nothing, a timestamp, an exemplar ({@code # {...} v [ts]}), or a timestamp then one. */
        private boolean tail(int p, int end) {
            int i = skipBlanks(p, end);
            if (i == end || b[i] == '#') {
                return true;
            }
            if (i == p) {
                return false; // junk glued to the value
            }
            int tsEnd = token(i, end);
            if (!Double.isFinite(SampleValue.read(b, i, tsEnd))) {
                return false;
            }
            int j = skipBlanks(tsEnd, end);
            return j == end || (j > tsEnd && b[j] == '#');
        }

        private int token(int p, int end) {
            int i = p;
            while (i < end && !isBlank(b[i])) {
                i++;
            }
            return i;
        }

        private int skipBlanks(int p, int end) {
            int i = p;
            while (i < end && isBlank(b[i])) {
                i++;
            }
            return i;
        }
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int indexOf(byte[] b, byte c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastNewline(byte[] b, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
