package dev.tokenlb.gateway.ops;

import java.util.TreeSet;

import dev.tokenlb.balance.Balancer;
import dev.tokenlb.cost.ServiceTimes;
import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.EngineScraper;
import dev.tokenlb.prefix.PrefixStats;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * What the balancer knows of one backend beyond its ledger, for {@code /tokenlb/status}: its engine's metrics as last
 * scraped (state, age, queue, KV use, other clients' requests), the prefix index (entries, hits, trust), and the
 * calibrated service times. Thread-safe; reads published values only.
 */
final class BackendInsight {

    private BackendInsight() {
    }

    static void addTo(JsonObject b, Balancer balancer, int i) {
        EngineScraper scraper = balancer.engineScraper();
        if (scraper != null) {
            JsonObject engine = new JsonObject();
            engine.put("state", scraper.state(i).name().toLowerCase(java.util.Locale.ROOT));
            engine.put("ageMillis", scraper.ageMillis(i));
            engine.put("failures", scraper.failures(i));
            EngineSample s = scraper.sample(i);
            if (s != null) {
                engine.put("engine", s.engine().name().toLowerCase(java.util.Locale.ROOT));
                putIfKnown(engine, "running", s.running());
                putIfKnown(engine, "waiting", s.waiting());
                putIfKnown(engine, "kvUsage", s.kvUsage());
                putIfKnown(engine, "prefixCacheHitRatio", s.prefixCacheHitRatio());
                putIfKnown(engine, "generationTokensPerSecond", scraper.generationTokensPerSecond(i));
            }
            if (!balancer.activeAdapters(i).isEmpty()) {
                engine.put("activeAdapters", new JsonArray(
                        new TreeSet<>(balancer.activeAdapters(i))));
                putIfKnown(engine, "maxLora", s == null ? Double.NaN : s.maxLora());
            }
            engine.put("foreignRequests", round(balancer.foreignRequests(i)));
            double slots = balancer.engineSlots(i);
            if (!Double.isInfinite(slots)) {
                engine.put("slots", round(slots));
            }
            b.put("engine", engine);
        }
        PrefixStats p = balancer.prefixStats(i);
        if (p != null) {
            JsonObject prefix = new JsonObject();
            prefix.put("entries", p.entries());
            prefix.put("capacity", p.capacity());
            prefix.put("lookups", p.lookups());
            prefix.put("hits", p.hits());
            prefix.put("trust", round(balancer.prefixTrust(i)));
            b.put("prefix", prefix);
        }
        ServiceTimes.Coefficients c = balancer.serviceTimes().coefficients(i);
        long[] samples = balancer.serviceTimes().samples(i);
        JsonObject calibration = new JsonObject();
        calibration.put("firstByteBaseMs", round(c.firstByteBase() * 1000));
        calibration.put("prefillTokensPerSecond", Math.round(1 / Math.max(1e-12, c.prefillSecondsPerToken())));
        calibration.put("firstByteMsPer1000TokensHeld", round(c.kvSecondsPerToken() * 1_000_000));
        calibration.put("stepMsAlone", round(c.stepSeconds(1) * 1000));
        calibration.put("stepMsPerSequence", round(c.stepPerSequence() * 1000));
        calibration.put("firstByteSamples", samples[0]);
        calibration.put("decodeSamples", samples[1]);
        b.put("calibration", calibration);
    }

    private static void putIfKnown(JsonObject o, String key, double v) {
        if (!Double.isNaN(v)) {
            o.put(key, round(v));
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
