package dev.tokenlb.gateway.ops;

import dev.tokenlb.balance.Balancer;
import dev.tokenlb.engine.EngineScraper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus meters of what the balancer reads beyond its ledger, per backend: the engine metrics' scrape age and
 * failures and the other clients' requests seen there, and the prefix index's lookups and hits. Meters are registered
 * once; they read the balancer's published values when scraped.
 */
final class EngineMetricsBinder {

    private EngineMetricsBinder() {
    }

    static void bind(MeterRegistry registry, Balancer balancer) {
        EngineScraper scraper = balancer.engineScraper();
        for (int i = 0; i < balancer.ledger().size(); i++) {
            int index = i;
            String name = balancer.ledger().target(i).name();
            if (scraper != null) {
                Gauge.builder("tokenlb.engine.scrape.age.seconds", () -> {
                    long age = scraper.ageMillis(index);
                    return age < 0 ? Double.NaN : age / 1000.0;
                }).description("Age of the backend's last engine metrics sample (NaN: none)").tag("backend", name)
                        .register(registry);
                FunctionCounter.builder("tokenlb.engine.scrape.failures", scraper, s -> s.failures(index))
                        .description("Scrapes of the backend's engine metrics that failed (timeout, error, garbage)")
                        .tag("backend", name).register(registry);
                Gauge.builder("tokenlb.engine.foreign.requests", () -> balancer.foreignRequests(index))
                        .description("Requests on the backend that other clients sent, from its engine's metrics")
                        .tag("backend", name).register(registry);
            }
            if (balancer.prefixStats(index) != null) {
                FunctionCounter.builder("tokenlb.prefix.lookups", balancer, b -> b.prefixStats(index).lookups())
                        .description("Prompt prefixes looked up in the backend's prefix index").tag("backend", name)
                        .register(registry);
                FunctionCounter.builder("tokenlb.prefix.hits", balancer, b -> b.prefixStats(index).hits())
                        .description("Lookups that found at least one block of the prompt cached on the backend")
                        .tag("backend", name).register(registry);
            }
        }
    }
}
