package dev.tokenlb.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Settings of an {@link EngineScraper}, each with a default; {@link #build()} checks them. Not thread-safe. */
public final class EngineScraperBuilder {

    final List<String> baseUrls;
    final Map<Integer, EngineKind> forced = new HashMap<>();
    String path = EngineScraper.DEFAULT_PATH;
    long intervalMillis = EngineScraper.DEFAULT_INTERVAL_MILLIS;
    long timeoutMillis = EngineScraper.DEFAULT_TIMEOUT_MILLIS;
    long staleAfterMillis; // 0: three intervals
    long noMetricsRecheckMillis = EngineScraper.DEFAULT_NO_METRICS_RECHECK_MILLIS;
    long rateWindowMillis = EngineScraper.DEFAULT_RATE_WINDOW_MILLIS;
    int maxBodyBytes = EngineScraper.DEFAULT_MAX_BODY_BYTES;
    LongSupplier nanoClock = System::nanoTime;
    Consumer<ScrapeReport> listener;
    Consumer<String> warnings;

    EngineScraperBuilder(List<String> baseUrls) {
        this.baseUrls = new ArrayList<>(Objects.requireNonNull(baseUrls, "baseUrls")); // may hold nulls
    }

    /** The metrics path appended to each base URL; default {@code /metrics}. */
    public EngineScraperBuilder path(String path) {
        this.path = Objects.requireNonNull(path, "path");
        return this;
    }

    public EngineScraperBuilder intervalMillis(long millis) {
        this.intervalMillis = millis;
        return this;
    }

    /** The most one scrape may take, body included; default 1 s (a busy engine can be slow to render its metrics). */
    public EngineScraperBuilder timeoutMillis(long millis) {
        this.timeoutMillis = millis;
        return this;
    }

    /** Age past which a sample is no longer given out; default three intervals. */
    public EngineScraperBuilder staleAfterMillis(long millis) {
        this.staleAfterMillis = millis;
        return this;
    }

    /** How often a backend without engine metrics is asked again; default 60 s. */
    public EngineScraperBuilder noMetricsRecheckMillis(long millis) {
        this.noMetricsRecheckMillis = millis;
        return this;
    }

    /** The time constant of the token-rate smoothing; default 5 s. */
    public EngineScraperBuilder rateWindowMillis(long millis) {
        this.rateWindowMillis = millis;
        return this;
    }

    /** Bytes of a body read at most; the rest is refused and the body counts as truncated. Default 4 MiB. */
    public EngineScraperBuilder maxBodyBytes(int bytes) {
        this.maxBodyBytes = bytes;
        return this;
    }

    /** Reads this backend with the given engine's names instead of detecting them; null to detect again. */
    public EngineScraperBuilder engine(int backend, EngineKind kind) {
        Objects.checkIndex(backend, baseUrls.size());
        if (kind == null) {
            forced.remove(backend);
        } else {
            forced.put(backend, kind);
        }
        return this;
    }

    /** The nanosecond clock samples are stamped and aged with; default {@link System#nanoTime()}. */
    public EngineScraperBuilder clock(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        return this;
    }

    /** Told of every finished scrape, on an HTTP client thread: keep it short, never block. */
    public EngineScraperBuilder listener(Consumer<ScrapeReport> listener) {
        this.listener = listener;
        return this;
    }

    /** Where the once-per-streak failure warnings go; default the class's SLF4J logger. For tests. */
    EngineScraperBuilder warnings(Consumer<String> warnings) {
        this.warnings = warnings;
        return this;
    }

    public EngineScraper build() {
        positive("interval", intervalMillis);
        positive("timeout", timeoutMillis);
        positive("no-metrics re-check", noMetricsRecheckMillis);
        positive("rate window", rateWindowMillis);
        if (staleAfterMillis < 0) {
            throw new IllegalArgumentException("engine metrics staleness must be > 0 ms (or 0 for three intervals), "
                                               + "was " + staleAfterMillis);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("engine metrics body bound must be at least 1024 bytes, was "
                                               + maxBodyBytes);
        }
        for (int i = 0; i < baseUrls.size(); i++) {
            metricsUri(i); // a malformed URL fails here, with its index, not at the first scrape
        }
        return new EngineScraper(this);
    }

    /** The backend's metrics URI: its base URL (without a trailing '/') and the path; null when it has none. */
    URI metricsUri(int backend) {
        String base = baseUrls.get(backend);
        if (base == null || base.isBlank()) {
            return null;
        }
        String trimmed = base.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String p = path.startsWith("/") ? path : "/" + path;
        try {
            URI uri = URI.create(trimmed + p);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend " + backend + " has a base URL the engine scraper cannot use: '"
                                               + base + "' (" + e.getMessage() + ")", e);
        }
    }

    private static void positive(String what, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("engine metrics " + what + " must be > 0 ms, was " + millis);
        }
    }
}
