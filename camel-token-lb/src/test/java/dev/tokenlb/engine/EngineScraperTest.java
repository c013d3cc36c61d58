package dev.tokenlb.engine;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.tokenlb.engine.LoopbackMetricsServer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scraper states over real HTTP on loopback: samples, backends without metrics, failures and their logging. */
class EngineScraperTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<ScrapeReport> reports = new CopyOnWriteArrayList<>();
    private LoopbackMetricsServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private EngineScraperBuilder builder(String... urls) {
        return EngineScraper.builder(Arrays.asList(urls)).clock(now::get).warnings(warnings::add)
                .listener(reports::add).timeoutMillis(2_000);
    }

    private static void scrape(EngineScraper scraper) throws Exception {
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
    }

    @Test
    void readsAnEngineBackendAndNeverScrapesOneWithoutUrl() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics",
                ex -> reply(ex, 200, EngineMetricsSamples.read("vllm.txt")));
        EngineScraper scraper = builder(server.baseUrl() + "/", null).build();
        assertEquals(ScrapeState.UNKNOWN, scraper.state(0));
        assertEquals(ScrapeState.DISABLED, scraper.state(1));
        scrape(scraper);
        EngineSample s = scraper.sample(0);
        assertNotNull(s);
        assertEquals(EngineKind.VLLM, s.engine());
        assertEquals(7, s.running());
        assertEquals(0.62, s.kvUsage());
        assertEquals(now.get(), s.takenNanos());
        assertEquals(ScrapeState.OK, scraper.state(0));
        assertEquals(0, scraper.ageMillis(0));
        assertEquals(0, scraper.failures(0));
        assertNull(scraper.sample(1));
        assertEquals(-1, scraper.ageMillis(1));
        assertEquals(ScrapeState.DISABLED, scraper.state(1));
        assertEquals(1, server.requests.get());
        assertEquals(1, reports.size());
        assertSame(s, reports.get(0).sample());
        assertEquals(ScrapeState.OK, reports.get(0).state());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void aBackendAnswering404HasNoMetricsAndIsAskedAgainOnlyAfterTheRecheckPeriod() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics", ex -> reply(ex, 404, "Not Found"));
        EngineScraper scraper = builder(server.baseUrl()).noMetricsRecheckMillis(60_000).build();
        scrape(scraper);
        assertEquals(ScrapeState.NO_METRICS, scraper.state(0));
        assertEquals("HTTP 404", reports.get(0).problem());
        for (int second = 1; second < 60; second++) {
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            scrape(scraper);
        }
        assertEquals(1, server.requests.get(), "not asked again within the minute");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        scrape(scraper);
        assertEquals(2, server.requests.get());
        assertEquals(0, scraper.failures(0), "having no metrics is not a failure");
        assertTrue(warnings.isEmpty());
        assertNull(scraper.sample(0));
    }

    @Test
    void prometheusTextWithNoneOfTheKnownNamesMeansNoMetrics() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics", ex -> reply(ex, 200, """
                # TYPE go_goroutines gauge
                go_goroutines 42
                process_open_fds 12
                """));
        EngineScraper scraper = builder(server.baseUrl()).build();
        scrape(scraper);
        assertEquals(ScrapeState.NO_METRICS, scraper.state(0));
        assertEquals("none of the known engine metrics", reports.get(0).problem());
    }

    @Test
    void countsFailuresAndWarnsOncePerFailureStreak() throws Exception {
        AtomicReference<String> mode = new AtomicReference<>("garbage");
        server = new LoopbackMetricsServer().route("/metrics", ex -> {
            switch (mode.get()) {
                case "garbage" -> reply(ex, 200, "<html>\n<body>busy</body>\n</html>\n");
                case "error" -> reply(ex, 500, "Internal Server Error");
                default -> reply(ex, 200, EngineMetricsSamples.read("sglang.txt"));
            }
        });
        EngineScraper scraper = builder(server.baseUrl()).build();
        scrape(scraper);
        scrape(scraper);
        mode.set("error");
        scrape(scraper);
        assertEquals(ScrapeState.FAILING, scraper.state(0));
        assertEquals(3, scraper.failures(0));
        assertEquals(1, warnings.size(), "one warning for the whole streak: " + warnings);
        assertTrue(warnings.get(0).contains(server.baseUrl() + "/metrics"), warnings.get(0));
        assertTrue(warnings.get(0).contains("not Prometheus text (3 malformed lines)"), warnings.get(0));
        assertEquals("HTTP 500", reports.get(2).problem());

        mode.set("ok");
        scrape(scraper);
        assertEquals(ScrapeState.OK, scraper.state(0));
        assertEquals(EngineKind.SGLANG, scraper.sample(0).engine());
        mode.set("error");
        scrape(scraper);
        assertEquals(4, scraper.failures(0));
        assertEquals(2, warnings.size(), "a new streak is logged again");
        assertNotNull(scraper.sample(0), "one failed scrape keeps the last sample until it goes stale");
    }

    @Test
    void aRefusedConnectionIsCountedAndLoggedNotThrown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        EngineScraper scraper = builder("http://127.0.0.1:" + closedPort).build();
        scrape(scraper);
        scrape(scraper);
        assertEquals(ScrapeState.FAILING, scraper.state(0));
        assertEquals(2, scraper.failures(0));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("connection refused"), warnings.get(0));
        assertNull(scraper.sample(0));
    }

    @Test
    void aForcedEngineReadsOnlyThatEnginesNames() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics",
                ex -> reply(ex, 200, EngineMetricsSamples.read("vllm.txt")));
        EngineScraper scraper = builder(server.baseUrl(), server.baseUrl()).engine(0, EngineKind.SGLANG)
                .engine(1, EngineKind.VLLM).build();
        scrape(scraper);
        assertEquals(ScrapeState.NO_METRICS, scraper.state(0));
        assertEquals(ScrapeState.OK, scraper.state(1));
        assertEquals(7, scraper.sample(1).running());
    }

    @Test
    void aBackendThatLosesItsMetricsDropsItsSample() throws Exception {
        AtomicReference<Integer> status = new AtomicReference<>(200);
        server = new LoopbackMetricsServer().route("/metrics",
                ex -> reply(ex, status.get(), status.get() == 200 ? EngineMetricsSamples.read("tgi.txt") : ""));
        EngineScraper scraper = builder(server.baseUrl()).build();
        scrape(scraper);
        assertEquals(24, scraper.sample(0).running());
        status.set(404);
        now.addAndGet(1);
        scrape(scraper);
        assertEquals(ScrapeState.NO_METRICS, scraper.state(0));
        assertNull(scraper.sample(0));
        assertEquals(-1, scraper.ageMillis(0));
    }

    @Test
    void aFailingListenerDoesNotStopScraping() throws Exception {
        server = new LoopbackMetricsServer().route("/metrics",
                ex -> reply(ex, 200, EngineMetricsSamples.read("llamacpp.txt")));
        List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        EngineScraper scraper = builder(server.baseUrl()).listener(r -> {
            calls.add(r.backend());
            throw new IllegalStateException("listener bug");
        }).build();
        scrape(scraper);
        scrape(scraper);
        assertEquals(List.of(0, 0), calls, "the backend was released after the listener threw");
        assertEquals(ScrapeState.OK, scraper.state(0));
    }

    @Test
    void rejectsSettingsItCannotWorkWith() {
        assertEquals("engine metrics interval must be > 0 ms, was 0", assertThrows(IllegalArgumentException.class,
                () -> EngineScraper.builder(List.of("http://127.0.0.1:1")).intervalMillis(0).build()).getMessage());
        assertEquals("engine metrics body bound must be at least 1024 bytes, was 10",
                assertThrows(IllegalArgumentException.class,
                        () -> EngineScraper.builder(List.of()).maxBodyBytes(10).build()).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineScraper.builder(Arrays.asList(null, "ftp://host/x")).build());
        assertTrue(e.getMessage().startsWith("backend 1 has a base URL the engine scraper cannot use: 'ftp://host/x'"),
                e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> EngineScraper.builder(List.of("http://h")).engine(1, EngineKind.TGI));
    }

    @Test
    void appendsThePathToTheBaseUrl() {
        EngineScraperBuilder b = EngineScraper.builder(Arrays.asList("http://10.0.0.1:8000/", " http://h:1 ", null, ""))
                .path("stats");
        assertEquals("http://10.0.0.1:8000/stats", b.metricsUri(0).toString());
        assertEquals("http://h:1/stats", b.metricsUri(1).toString());
        assertNull(b.metricsUri(2));
        assertNull(b.metricsUri(3));
    }
}
