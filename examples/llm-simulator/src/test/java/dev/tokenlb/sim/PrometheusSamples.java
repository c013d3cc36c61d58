package dev.tokenlb.sim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus text format 0.0.4, enough to check the simulator's {@code /metrics}: every sample
 * line must parse, belong to a family declared by a {@code # TYPE} line before it (histogram samples by their
 * {@code _bucket}, {@code _sum} and {@code _count} suffixes), and every family must have a {@code # HELP} line.
 */
final class PrometheusSamples {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");

    final Map<String, String> types = new HashMap<>();
    final Map<String, String> help = new HashMap<>();
    /** "name{labels}" to value, in order. */
    final Map<String, Double> samples = new LinkedHashMap<>();

    static PrometheusSamples parse(String text) {
        PrometheusSamples out = new PrometheusSamples();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher c = COMMENT.matcher(line);
                if (!c.matches()) {
                    throw new IllegalArgumentException("bad comment line: " + line);
                }
                (c.group(1).equals("HELP") ? out.help : out.types).put(c.group(2), c.group(3));
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad sample line: " + line);
            }
            String family = out.family(m.group(1));
            if (family == null) {
                throw new IllegalArgumentException("sample before its # TYPE line: " + line);
            }
            if (!out.help.containsKey(family)) {
                throw new IllegalArgumentException("family without # HELP: " + family);
            }
            String value = m.group(3);
            out.samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)),
                    value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
        }
        return out;
    }

    private String family(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return null;
    }

    /** The value of {@code name{labels}} exactly as written, e.g. {@code value("x{model_name=\"m\"}")}. */
    double value(String sample) {
        Double v = samples.get(sample);
        if (v == null) {
            throw new AssertionError("no sample " + sample + " in " + samples.keySet());
        }
        return v;
    }
}
