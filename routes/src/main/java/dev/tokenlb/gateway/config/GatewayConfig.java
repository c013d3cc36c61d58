package dev.tokenlb.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The gateway's {@code tokenlb.*} settings, resolved once at start-up. Each key is looked up, highest first, in: the
 * overrides given to {@link #load(Properties)} (tests), JVM system properties ({@code -Dtokenlb.port=9000}),
 * environment variables ({@code TOKENLB_PORT}: upper case, dots and dashes as underscores), then
 * {@code application.properties} on the classpath, which holds every default and documents it.
 * <p>
 * Immutable and thread-safe.
 */
public final class GatewayConfig {

    static final String PREFIX = "tokenlb.";

    private final Map<String, String> values;

    private GatewayConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Resolves the settings with no overrides. */
    public static GatewayConfig load() {
        return load(new Properties());
    }

    public static GatewayConfig load(Properties overrides) {
        Map<String, String> values = new TreeMap<>();
        Properties defaults = classpathProperties();
        for (String key : defaults.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                values.put(key, defaults.getProperty(key).trim());
            }
        }
        for (String key : overrides.stringPropertyNames()) {
            values.putIfAbsent(key, ""); // keys unknown to application.properties are allowed through overrides
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String env = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            String v = overrides.getProperty(key, System.getProperty(key, env != null ? env : e.getValue()));
            e.setValue(v.trim());
        }
        return new GatewayConfig(values);
    }

    private static Properties classpathProperties() {
        Properties p = new Properties();
        try (InputStream in = GatewayConfig.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        return p;
    }

    /** A copy with one setting changed (used to fill in the embedded backends' URLs). */
    public GatewayConfig with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new GatewayConfig(copy);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return v;
    }

    public int getInt(String key) {
        return (int) getLong(key);
    }

    public long getLong(String key) {
        String v = get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, was '" + v + "'");
        }
    }

    public String host() {
        return get("tokenlb.host");
    }

    public int port() {
        return getInt("tokenlb.port");
    }

    /** The configured backends, or an empty string for the embedded simulated ones. */
    public String backends() {
        return get("tokenlb.backends");
    }

    public long maxBodyBytes() {
        return getLong("tokenlb.max-body-bytes");
    }

    /**
     * Requests served at once: {@code tokenlb.max-concurrent} when it is a number, else ({@code auto}) sized from this
     * JVM's max heap and cores by {@link ConcurrencySizing}.
     */
    public int maxConcurrent() {
        return maxConcurrent(Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());
    }

    /** {@link #maxConcurrent()} for a given heap and core count (tests). */
    int maxConcurrent(long maxHeapBytes, int cores) {
        if (isAutoConcurrency()) {
            return ConcurrencySizing.maxConcurrent(maxHeapBytes, cores);
        }
        int n = getInt("tokenlb.max-concurrent");
        if (n <= 0) {
            throw new IllegalArgumentException("setting tokenlb.max-concurrent must be auto or > 0, was " + n);
        }
        return n;
    }

    /** How the concurrency limit was chosen, for the start-up log line. */
    public String concurrencyRule() {
        Runtime rt = Runtime.getRuntime();
        return isAutoConcurrency() ? ConcurrencySizing.explain(rt.maxMemory(), rt.availableProcessors())
                : "max-concurrent " + maxConcurrent() + " (set)";
    }

    private boolean isAutoConcurrency() {
        String v = get("tokenlb.max-concurrent");
        return v.isEmpty() || v.equalsIgnoreCase("auto");
    }

    public String managementHost() {
        return get("tokenlb.management-host");
    }

    /**
     * The management port: {@code > 0} that port, {@code 0} an ephemeral one, {@code -1} none (operations stay on the
     * public port, behind the API keys when there are any).
     */
    public int managementPort() {
        int p = getInt("tokenlb.management-port");
        if (p < -1 || p > 65535) {
            throw new IllegalArgumentException("setting tokenlb.management-port must be -1 (on the public port), 0 "
                                               + "(ephemeral) or a port up to 65535, was " + p);
        }
        if (p > 0 && p == port()) {
            throw new IllegalArgumentException("setting tokenlb.management-port must differ from tokenlb.port ("
                                               + p + "); -1 serves operations on the public port");
        }
        return p;
    }

    /** All settings, as properties for Camel's placeholders ({@code {{tokenlb.port}}}). */
    public Properties toProperties() {
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }

    /** The settings, with API keys masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(values);
        shown.computeIfPresent("tokenlb.api-keys", (k, v) -> v.isBlank() ? v : "****");
        return shown.toString();
    }
}
