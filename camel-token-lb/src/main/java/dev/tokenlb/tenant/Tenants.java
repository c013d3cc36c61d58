package dev.tokenlb.tenant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants of a tenants file, by key, with a {@link TenantLimiter} each. {@link #reloadIfChanged()} re-reads the
 * file when its modification time or size changed: limiters of tenants still named keep what they used (their limits
 * change), new tenants start with full buckets, removed ones go. A file that cannot be read or parsed keeps the
 * previous tenants, and its error is logged once (until the file changes again). The first load fails instead.
 * <p>
 * Thread-safe: lookups read an immutable map that a reload replaces.
 */
public final class Tenants {

    private static final Logger LOG = LoggerFactory.getLogger(Tenants.class);

    private final Path file;
    private final String source;
    private final Clock clock;
    private final UnaryOperator<String> env;
    private volatile Map<String, TenantLimiter> byKey = Map.of();
    private volatile Map<String, TenantLimiter> byName = Map.of();
    private long stamp = Long.MIN_VALUE;
    private String lastError;

    private Tenants(Path file, String source, Clock clock, UnaryOperator<String> env) {
        this.file = file;
        this.source = source;
        this.clock = clock;
        this.env = env;
    }

    /**
     * Reads the file once.
     *
     * @param source what to call the file in messages, for example the setting that names it
     * @throws IllegalArgumentException naming the source and, for a mistake inside the file, its line
     */
    public static Tenants load(Path file, String source, Clock clock, UnaryOperator<String> env) {
        Tenants tenants = new Tenants(file, source, clock, env);
        String failure = tenants.reload(tenants.currentStamp());
        if (failure != null) {
            throw new IllegalArgumentException(failure);
        }
        return tenants;
    }

    /** The limiter of the tenant holding this key, or null. */
    public TenantLimiter find(String key) {
        return key == null ? null : byKey.get(key);
    }

    /** True when some tenant holds this key. */
    public boolean knows(String key) {
        return find(key) != null;
    }

    /** Every tenant's limits and use, in file order. */
    public List<TenantUsage> usage() {
        return byName.values().stream().map(TenantLimiter::usage).toList();
    }

    /**
     * Re-reads the file if it changed since it was last read. Called off the request path (a timer).
     *
     * @return true when new tenants took effect
     */
    public synchronized boolean reloadIfChanged() {
        long now = currentStamp();
        if (now == stamp) {
            return false;
        }
        String failure = reload(now);
        if (failure == null) {
            lastError = null;
            LOG.info("{}: tenants reloaded: {}", source, byName.keySet());
            return true;
        }
        stamp = now; // do not retry (and log) the same bad file every second
        if (!failure.equals(lastError)) {
            LOG.error("{}; keeping the {} tenants read before", failure, byName.size());
            lastError = failure;
        }
        return false;
    }

    private synchronized String reload(long newStamp) {
        List<Tenant> read;
        try {
            read = TenantsFile.parse(Files.readString(file, StandardCharsets.UTF_8), source + " (" + file + ")", env);
        } catch (IOException e) {
            return source + ": cannot read " + file + ": " + e;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        Map<String, TenantLimiter> names = new LinkedHashMap<>();
        Map<String, TenantLimiter> keys = new HashMap<>();
        for (Tenant t : read) {
            TenantLimiter limiter = byName.get(t.name());
            if (limiter == null) {
                limiter = new TenantLimiter(t, clock);
            } else {
                limiter.update(t);
            }
            names.put(t.name(), limiter);
            keys.put(t.key(), limiter);
        }
        byName = Collections.unmodifiableMap(names);
        byKey = Map.copyOf(keys);
        stamp = newStamp;
        return null;
    }

    private long currentStamp() {
        try {
            return Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
