package dev.tokenlb.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.tokenlb.engine.LoopbackMetricsServer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token rates learned from consecutive scrapes, and staleness, on an injected clock. */
class EngineScraperRatesTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(10));
    private final AtomicReference<String> body = new AtomicReference<>();
    private LoopbackMetricsServer server;
    private final List<ScrapeReport> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics", ex -> reply(ex, 200, body.get()));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static String vllm(long generation0, long generation1, long prompt) {
        return "vllm:num_requests_running{engine=\"0\"} 1\n"
               + "vllm:generation_tokens_total{engine=\"0\"} " + generation0 + "\n"
               + "vllm:generation_tokens_total{engine=\"1\"} " + generation1 + "\n"
               + "vllm:prompt_tokens_total " + prompt + "\n";
    }

    private EngineScraperBuilder builder() {
        return EngineScraper.builder(List.of(server.baseUrl())).clock(now::get).listener(reports::add)
                .timeoutMillis(2_000);
    }

    private void scrapeAt(EngineScraper scraper, long seconds, String text) throws Exception {
        now.set(TimeUnit.SECONDS.toNanos(seconds));
        body.set(text);
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
        assertEquals(ScrapeState.OK, scraper.state(0), () -> String.valueOf(reports));
    }

    @Test
    void learnsTokenRatesFromConsecutiveScrapesAndSurvivesACounterReset() throws Exception {
        EngineScraper scraper = builder().intervalMillis(1_000).staleAfterMillis(10_000).rateWindowMillis(5_000)
                .build();
        scrapeAt(scraper, 10, vllm(600, 400, 5_000));
        assertTrue(Double.isNaN(scraper.generationTokensPerSecond(0)), "one reading has no rate");
        scrapeAt(scraper, 12, vllm(800, 600, 6_000));
        assertEquals(200, scraper.generationTokensPerSecond(0), 1e-9);
        assertEquals(500, scraper.promptTokensPerSecond(0), 1e-9);
        // the engine restarted: 100 generated since, in the second since the last scrape
        scrapeAt(scraper, 13, vllm(60, 40, 6_300));
        double weight = 1 - Math.exp(-1_000.0 / 5_000);
        assertEquals(200 + weight * (100 - 200), scraper.generationTokensPerSecond(0), 1e-9);
        assertEquals(500 + weight * (300 - 500), scraper.promptTokensPerSecond(0), 1e-9);
    }

    @Test
    void aSampleOlderThanThreeIntervalsIsNotGivenOut() throws Exception {
        EngineScraper scraper = builder().intervalMillis(1_000).build();
        scrapeAt(scraper, 10, vllm(1, 1, 1));
        scrapeAt(scraper, 11, vllm(3, 3, 1));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(3_000));
        assertNotNull(scraper.sample(0));
        assertEquals(0.0, scraper.promptTokensPerSecond(0), 1e-9, "no prompt tokens for a second: 0, known, not NaN");
        now.addAndGet(1);
        assertNull(scraper.sample(0));
        assertEquals(3_000, scraper.ageMillis(0));
        assertTrue(Double.isNaN(scraper.generationTokensPerSecond(0)), "a stale backend's rate is unknown");
        assertEquals(ScrapeState.OK, scraper.state(0), "the state is the last scrape's; staleness is the sample's");
    }

    @Test
    void theStalenessBoundCanBeSet() throws Exception {
        EngineScraper scraper = builder().intervalMillis(1_000).staleAfterMillis(500).build();
        scrapeAt(scraper, 10, vllm(1, 1, 1));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertNotNull(scraper.sample(0));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertNull(scraper.sample(0));
    }

    @Test
    void aCounterTheEngineStopsReportingHasNoRate() throws Exception {
        EngineScraper scraper = builder().build();
        scrapeAt(scraper, 10, vllm(1, 1, 1));
        scrapeAt(scraper, 11, vllm(2, 2, 2));
        assertEquals(2, scraper.generationTokensPerSecond(0), 1e-9);
        scrapeAt(scraper, 12, "vllm:num_requests_running 1\n");
        assertTrue(Double.isNaN(scraper.sample(0).generationTokens()));
        assertTrue(Double.isNaN(scraper.generationTokensPerSecond(0)));
    }
}
