package dev.tokenlb.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.sim.SimulatedLlmServer;
import dev.tokenlb.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.allZero;
import static dev.tokenlb.gateway.ReleasePathsTest.awaitTrue;
import static dev.tokenlb.gateway.ReleasePathsTest.sendPost;
import static dev.tokenlb.gateway.TestThreads.awaitQuietly;
import static dev.tokenlb.gateway.TestThreads.sleep;
import static dev.tokenlb.gateway.TestThreads.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos: thousands of requests, dozens at once, while a seeded injector kills and restarts backends and switches
 * faults on and off (500, 503 with Retry-After, 429, a stall past the first-byte timeout, streams dropped mid-way),
 * and clients hang up mid-stream or before any reply. Health, failover and timeouts are all on. Every request must
 * end, within its bound, with a whole reply or a clear error; the ledger must end at exactly 0, no backend may be
 * left generating, and once the faults stop every backend is taken back.
 */
@Timeout(240)
class ChaosTest extends GatewayTestSupport {

    private static final int REQUESTS = 3_000;
    private static final int CONCURRENCY = 32;
    private static final long SEED = 5_2026_11_25L;
    private static final long TOTAL_TIMEOUT_MS = 8_000;
    /** No request may take longer than this, reply body included: the gateway's total timeout and a margin. */
    private static final long REQUEST_BOUND_MS = TOTAL_TIMEOUT_MS + 4_000;

    private enum Kind { PLAIN, STREAM, HANG_UP_MID_STREAM, HANG_UP_BEFORE_REPLY }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private volatile boolean done;

    @Override
    protected int backendCount() {
        return 4;
    }

    @Override
    protected SimulatorConfig simulatorConfig() {
        return SimulatorConfig.defaults().toBuilder().timeScale(0.05).build();
    }

    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.max-attempts", "3");
        p.setProperty("tokenlb.eject-after", "3");
        p.setProperty("tokenlb.eject-ms", "300");
        p.setProperty("tokenlb.max-eject-ms", "1500");
        p.setProperty("tokenlb.probe-path", "/health");
        p.setProperty("tokenlb.probe-interval-ms", "250");
        p.setProperty("tokenlb.first-byte-timeout-ms", "1500");
        p.setProperty("tokenlb.idle-timeout-ms", "1500");
        p.setProperty("tokenlb.total-timeout-ms", Long.toString(TOTAL_TIMEOUT_MS));
        p.setProperty("tokenlb.connect-timeout-ms", "1000");
        return p;
    }

    @Test
    void everyRequestEndsClearlyInTimeAndTheLedgerEndsAtZero() throws Exception {
        SplittableRandom plan = new SplittableRandom(SEED);
        List<Kind> kinds = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            double r = plan.nextDouble();
            kinds.add(r < 0.45 ? Kind.PLAIN : r < 0.85 ? Kind.STREAM : r < 0.93 ? Kind.HANG_UP_MID_STREAM
                    : Kind.HANG_UP_BEFORE_REPLY);
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < CONCURRENCY; t++) {
            workers.add(started("client-" + t, () -> {
                awaitQuietly(start);
                for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                    String outcome = run(i, kinds.get(i));
                    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                }
            }));
        }
        Thread injector = started("chaos", () -> injectFaults(new SplittableRandom(SEED + 1)));
        long began = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join(200_000);
            assertTrue(!w.isAlive(), "a client is still busy: a request hangs past every bound");
        }
        long tookMillis = (System.nanoTime() - began) / 1_000_000;
        done = true;
        injector.join(10_000);
        for (SimulatedLlmServer b : cluster.backends()) {
            b.clearFaults();
            if (!b.isRunning()) {
                b.start();
            }
        }

        awaitTrue(() -> allZero(ledger()), Duration.ofSeconds(10), () -> "ledger not back to 0: " + ledger().snapshot());
        Thread.sleep(300);
        for (TargetStats s : ledger().snapshot()) {
            assertEquals(0, s.inflightTokens(), s.toString());
            assertEquals(0, s.inflightRequests(), s.toString());
        }
        awaitTrue(() -> cluster.backends().stream().allMatch(b -> b.stats().inFlight() == 0), Duration.ofSeconds(10),
                () -> "backends still generating for nobody");
        awaitTrue(() -> balancer().getHealth().admittedCount() == 4, Duration.ofSeconds(5),
                () -> "a backend stays ejected after the faults ended");
        assertEquals(200, post("/v1/chat/completions", chat("after the storm", false, 5)).statusCode());

        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        Map<String, Long> injected = new TreeMap<>();
        faults.forEach((k, v) -> injected.put(k, v.sum()));
        System.out.printf("%nChaosTest: %d requests, %d at once, 4 backends, %.1f s%n", REQUESTS, CONCURRENCY,
                tookMillis / 1000.0);
        System.out.println("  faults injected: " + injected);
        System.out.println("  outcomes: " + counts);
        System.out.println("  leases " + totalRequestsRouted() + " (failovers " + (totalRequestsRouted() - REQUESTS)
                           + " at most); ejections per backend: "
                           + java.util.stream.IntStream.range(0, 4).mapToObj(i -> balancer().getHealth().ejections(i))
                                   .toList());
        System.out.println("  /metrics: " + getOps("/metrics").body().lines()
                .filter(l -> l.startsWith("tokenlb_failovers_total") || l.startsWith("tokenlb_no_backend_total")
                             || l.startsWith("tokenlb_gateway_responses_total"))
                .toList());

        assertEquals(REQUESTS, counts.values().stream().mapToLong(Long::longValue).sum());
        for (String outcome : counts.keySet()) {
            assertTrue(clear(outcome), "unclear outcome '" + outcome + "': " + counts);
        }
        assertTrue(counts.getOrDefault("200 complete", 0L) + counts.getOrDefault("200 stream complete", 0L)
                   > REQUESTS / 2, "most requests succeed: " + counts);
    }

    private static boolean clear(String outcome) {
        return outcome.equals("200 complete") || outcome.equals("200 stream complete")
               || outcome.equals("200 stream ended by error event") || outcome.equals("client hung up")
               || outcome.matches("(400|429|500|502|503|504) error json");
    }

    private String run(int i, Kind kind) {
        String body = chat("chaos request " + i + " " + "word ".repeat(i % 200), kind != Kind.PLAIN,
                kind == Kind.HANG_UP_MID_STREAM ? 200 : 1 + i % 40);
        if (kind == Kind.HANG_UP_BEFORE_REPLY) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
                sendPost(socket, "/v1/chat/completions", body);
                Thread.sleep(i % 3 == 0 ? 0 : 20);
            } catch (Exception e) {
                return "client hung up";
            }
            return "client hung up";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofMillis(REQUEST_BOUND_MS)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long began = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                String outcome = ReplyOutcomes.read(kind != Kind.PLAIN, kind == Kind.HANG_UP_MID_STREAM,
                        response.statusCode(), in);
                long took = (System.nanoTime() - began) / 1_000_000;
                return took > REQUEST_BOUND_MS ? "TOO SLOW (" + took + " ms) " + outcome : outcome;
            }
        } catch (java.net.http.HttpTimeoutException e) {
            return "HUNG before the status line";
        } catch (IOException e) {
            return "BROKEN " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Random faults on random backends, some overlapping, until the clients are done. */
    private void injectFaults(SplittableRandom random) {
        List<Thread> running = new ArrayList<>();
        while (!done) {
            sleep(150 + random.nextLong(350));
            int b = random.nextInt(4);
            SimulatedLlmServer backend = cluster.backend(b);
            int what = random.nextInt(6);
            long window = 200 + random.nextLong(800);
            running.add(started("fault", () -> {
                synchronized (backend) { // one fault per backend at a time
                    switch (what) {
                        case 0 -> {
                            count("kill and restart");
                            backend.stop();
                            sleep(window);
                            backend.start();
                        }
                        case 1 -> window(backend, "500", window, () -> backend.setFailureStatus(500));
                        case 2 -> window(backend, "503 with Retry-After: 1", window, () -> {
                            backend.setRetryAfterSeconds(1);
                            backend.setFailureStatus(503);
                        });
                        case 3 -> window(backend, "429", window, () -> backend.setFailureStatus(429));
                        case 4 -> window(backend, "stall 4 s before the first token", 300,
                                () -> backend.setStallBeforeFirstTokenMillis(4_000));
                        default -> window(backend, "drop streams after 3 tokens", window,
                                () -> backend.setDropMidStreamAfterTokens(3));
                    }
                }
            }));
        }
        for (Thread t : running) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void window(SimulatedLlmServer backend, String name, long millis, Runnable on) {
        count(name);
        on.run();
        sleep(millis);
        backend.clearFaults();
    }

    private void count(String fault) {
        faults.computeIfAbsent(fault, k -> new LongAdder()).increment();
    }

    private int port() {
        return Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
    }
}
