package dev.tokenlb.gateway.ops;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.tokenlb.RateLimitExceededException;
import dev.tokenlb.tenant.TenantUsage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-tenant meters, tagged by the tenant's name (never its key): requests admitted, tokens charged (after the
 * correction by usage), rejections by limit, and the use this minute and today. Tenants come and go with the tenants
 * file, so meters are registered at each scrape for names not seen before; a removed tenant's meters keep its last
 * figures.
 * <p>
 * Thread-safe.
 */
final class TenantMetricsBinder {

    private final MeterRegistry registry;
    private final Supplier<List<TenantUsage>> source;
    private final Map<String, TenantUsage> latest = new ConcurrentHashMap<>();

    TenantMetricsBinder(MeterRegistry registry, Supplier<List<TenantUsage>> source) {
        this.registry = registry;
        this.source = source;
    }

    /** Reads every tenant's use now; called before each scrape. */
    void refresh() {
        for (TenantUsage u : source.get()) {
            if (latest.put(u.tenant().name(), u) == null) {
                register(u.tenant().name());
            }
        }
    }

    private void register(String name) {
        counter(name, "tokenlb.tenant.requests", "Requests admitted for the tenant", u -> u.requests());
        counter(name, "tokenlb.tenant.tokens", "Tokens charged to the tenant (prompt plus output, corrected by usage)",
                u -> u.tokens());
        for (RateLimitExceededException.Limit limit : RateLimitExceededException.Limit.values()) {
            FunctionCounter.builder("tokenlb.tenant.rejections", this,
                            b -> b.value(name, u -> u.rejections()[limit.ordinal()]))
                    .description("Requests refused with 429 for being over a limit").tag("tenant", name)
                    .tag("limit", limit.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .register(registry);
        }
        gauge(name, "tokenlb.tenant.minute.requests", "Requests taken from the per-minute limit, not yet refilled",
                u -> u.requestsThisMinute());
        gauge(name, "tokenlb.tenant.minute.tokens", "Tokens taken from the per-minute limit, not yet refilled",
                u -> u.tokensThisMinute());
        gauge(name, "tokenlb.tenant.today.tokens", "Tokens charged this UTC day", u -> u.tokensToday());
    }

    private void counter(String name, String meter, String description, ToDoubleFunction<TenantUsage> f) {
        FunctionCounter.builder(meter, this, b -> b.value(name, f)).description(description).tag("tenant", name)
                .register(registry);
    }

    private void gauge(String name, String meter, String description, ToDoubleFunction<TenantUsage> f) {
        Gauge.builder(meter, this, b -> b.value(name, f)).description(description).tag("tenant", name)
                .register(registry);
    }

    private double value(String name, ToDoubleFunction<TenantUsage> f) {
        TenantUsage u = latest.get(name);
        return u == null ? 0 : f.applyAsDouble(u);
    }
}
