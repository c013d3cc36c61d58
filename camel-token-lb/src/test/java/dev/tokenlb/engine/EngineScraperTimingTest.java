package dev.tokenlb.engine;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.tokenlb.engine.LoopbackMetricsServer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scrapes are bounded in time and size, never block a caller, and run one per backend at a time. */
class EngineScraperTimingTest {

    private final List<ScrapeReport> reports = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private LoopbackMetricsServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private EngineScraperBuilder builder(String url) {
        return EngineScraper.builder(List.of(url)).listener(reports::add).warnings(warnings::add);
    }

    @Test
    void aReplySlowerThanTheTimeoutFailsWithoutWaitingForIt() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics", ex -> {
            Thread.sleep(3_000);
            reply(ex, 200, EngineMetricsSamples.read("vllm.txt"));
        });
        EngineScraper scraper = builder(server.baseUrl()).timeoutMillis(200).build();
        long began = System.nanoTime();
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertTrue(tookMillis < 1_500, "gave up after the timeout, took " + tookMillis + " ms");
        assertEquals(ScrapeState.FAILING, scraper.state(0));
        assertEquals(1, scraper.failures(0));
        assertEquals("timed out after 200 ms", reports.get(0).problem());
        assertEquals(1, warnings.size());
    }

    @Test
    void aBodyThatTricklesPastTheTimeoutIsCutOff() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("vllm:num_requests_running 1\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(3_000);
            out.write("vllm:num_requests_waiting 1\n".getBytes(StandardCharsets.US_ASCII));
        });
        EngineScraper scraper = builder(server.baseUrl()).timeoutMillis(300).build();
        long began = System.nanoTime();
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - began < TimeUnit.MILLISECONDS.toNanos(1_500));
        assertEquals(ScrapeState.FAILING, scraper.state(0));
        assertEquals("timed out after 300 ms", reports.get(0).problem());
        assertNull(scraper.sample(0));
    }

    @Test
    void aHugeBodyIsReadOnlyUpToTheBound() throws Exception {
        AtomicLong written = new AtomicLong();
        server = new LoopbackMetricsServer().route("/metrics", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            byte[] head = EngineMetricsSamples.read("vllm.txt").getBytes(StandardCharsets.UTF_8);
            out.write(head);
            written.addAndGet(head.length);
            byte[] filler = "filler_metric{shard=\"x\"} 1\n".repeat(2_000).getBytes(StandardCharsets.US_ASCII);
            while (written.get() < 256L << 20) {
                out.write(filler); // fails once the scraper hangs up
                written.addAndGet(filler.length);
            }
        });
        EngineScraper scraper = builder(server.baseUrl()).timeoutMillis(5_000).build();
        scraper.scrapeAll().get(10, TimeUnit.SECONDS);
        ScrapeReport report = reports.get(0);
        assertEquals(ScrapeState.OK, report.state());
        assertTrue(report.truncated());
        assertEquals(EngineScraper.DEFAULT_MAX_BODY_BYTES, report.bytes());
        assertEquals(7, scraper.sample(0).running(), "the engine's names before the bound were read");
        assertEquals(0, report.garbageLines(), "the cut last line was left out, not counted as garbage");
        Thread.sleep(100);
        assertTrue(written.get() < 256L << 20, "the server was stopped early, wrote " + written.get());
    }

    @Test
    void scrapingNeverBlocksTheCallerAndRunsOnePerBackendAtATime() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics", ex -> {
            Thread.sleep(600);
            reply(ex, 200, EngineMetricsSamples.read("llamacpp.txt"));
        });
        EngineScraper scraper = builder(server.baseUrl()).timeoutMillis(5_000).build();
        long began = System.nanoTime();
        CompletableFuture<Void> first = scraper.scrapeAll();
        CompletableFuture<Void> second = scraper.scrapeAll();
        assertNull(scraper.sample(0));
        assertEquals(ScrapeState.UNKNOWN, scraper.state(0));
        assertTrue(Double.isNaN(scraper.generationTokensPerSecond(0)));
        long callerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertTrue(callerMillis < 300, "the caller went on while the backend was slow, took " + callerMillis + " ms");
        assertTrue(second.isDone(), "a backend with a scrape in flight is not scraped again");
        assertTrue(!first.isDone());
        first.get(5, TimeUnit.SECONDS);
        assertEquals(ScrapeState.OK, scraper.state(0));
        assertEquals(1, server.requests.get());
    }

    @Test
    void scrapesOnTheSchedulerUntilStopped() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics",
                ex -> reply(ex, 200, EngineMetricsSamples.read("tgi.txt")));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            EngineScraper scraper = EngineScraper.builder(Arrays.asList(null, server.baseUrl())).intervalMillis(20)
                    .build();
            scraper.start(scheduler);
            assertThrows(IllegalStateException.class, () -> scraper.start(scheduler));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.requests.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(server.requests.get() >= 3);
            assertEquals(ScrapeState.OK, scraper.state(1));
            assertEquals(24, scraper.sample(1).running());
            scraper.stop();
            Thread.sleep(60); // a scrape started just before stop() may still land
            int afterStop = server.requests.get();
            Thread.sleep(150);
            assertEquals(afterStop, server.requests.get());
        } finally {
            scheduler.shutdownNow();
        }
    }
}
