package dev.tokenlb.gateway;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.tokenlb.gateway.GatewayStreamingTest.Event;
import dev.tokenlb.gateway.GatewayStreamingTest.SseStream;
import dev.tokenlb.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Streams are independent: streams stalled before their first token (backend A) do not slow the healthy streams that
 * run beside them through another backend (B). Healthy streams through the gateway must take about as long as the
 * same requests sent straight to B, and get their first event as early.
 * <p>
 * This guards against the streaming trap of Camel 4.22's platform-http-vertx: an {@code InputStream} body is read
 * with an ordered {@code executeBlocking} on the connection's event-loop context, so one stream waiting for its first
 * token holds back every other stream on that loop (see {@code RelayResponse}).
 */
class StalledStreamsTest extends GatewayTestSupport {

    private static final int STALLED = 24;
    private static final int HEALTHY = 24;
    private static final int HEALTHY_TOKENS = 100;
    /** Literal milliseconds; far longer than a healthy stream, so every one of them runs beside all the stalled ones. */
    private static final long STALL_MILLIS = 5000;
    private static final int A = 0;
    private static final int B = 1;

    private final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService readers = Executors.newCachedThreadPool();

    /** 100 tokens take about 1.4 s with 24 streams in a batch. */
    @Override
    protected SimulatorConfig simulatorConfig() {
        return GatewayStreamingTest.fixedLengthConfig(0.5);
    }

    /** Round robin over two backends: requests sent one at a time alternate A, B, A, B... */
    @Override
    protected Properties gatewaySettings() {
        Properties p = new Properties();
        p.setProperty("tokenlb.strategy", "round-robin");
        return p;
    }

    @AfterEach
    void stopReaders() {
        readers.shutdownNow();
    }

    @Test
    void healthyStreamsFinishAsFastBesideStalledStreamsAsWhenSentDirectly() throws Exception {
        // warm up both paths (and the round robin is back at A after two requests)
        for (String base : List.of(baseUrl(), baseUrl(), cluster.backend(B).baseUrl())) {
            read(SseStream.open(http11, base + GatewayStreamingTest.CHAT, GatewayTestSupport.chat("warm up", true, 5)));
        }
        awaitLedgerEmpty();

        // baseline: the healthy requests straight to B, all at once
        List<CompletableFuture<Timing>> direct = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < HEALTHY; i++) {
            String body = healthyBody(i);
            direct.add(stream(cluster.backend(B).baseUrl(), body, start));
        }
        start.countDown();
        List<Timing> directTimings = join(direct);

        // through the gateway: A stalls every new request; requests alternate A, B, one at a time until routed
        cluster.backend(A).setStallBeforeFirstTokenMillis(STALL_MILLIS);
        long routedBefore = totalRequestsRouted();
        long onA = ledger().snapshot().get(A).totalRequests();
        long onB = ledger().snapshot().get(B).totalRequests();
        List<CompletableFuture<Timing>> stalled = new ArrayList<>();
        List<CompletableFuture<Timing>> healthy = new ArrayList<>();
        for (int i = 0; i < STALLED + HEALTHY; i++) {
            if (i % 2 == 0) {
                stalled.add(stream(baseUrl(), GatewayTestSupport.chat("stalled " + i, true, 10), null));
            } else {
                healthy.add(stream(baseUrl(), healthyBody(i / 2), null));
            }
            long routed = routedBefore + i + 1;
            await(() -> totalRequestsRouted() >= routed, "request " + i + " routed");
            assertEquals(onA + stalled.size(), ledger().snapshot().get(A).totalRequests(), "stalled ones go to A");
            assertEquals(onB + healthy.size(), ledger().snapshot().get(B).totalRequests(), "healthy ones go to B");
        }
        List<Timing> gatewayTimings = join(healthy);
        List<Timing> stalledTimings = join(stalled);
        // did every healthy stream really run beside all the stalled ones? (not if the machine is too slow)
        boolean besideStalled = gatewayTimings.stream().mapToLong(Timing::lastNanos).max().orElseThrow()
                                < stalledTimings.stream().mapToLong(Timing::firstNanos).min().orElseThrow();

        Summary d = new Summary(directTimings);
        Summary g = new Summary(gatewayTimings);
        System.out.printf("stalled streams: %d healthy streams of %d tokens beside %d streams stalled %d ms%n"
                          + "  direct to B : total median %5d ms, max %5d ms; first event median %4d ms, max %4d ms%n"
                          + "  via gateway : total median %5d ms, max %5d ms; first event median %4d ms, max %4d ms%n"
                          + "  stalled streams through the gateway: first event after %d..%d ms%n",
                HEALTHY, HEALTHY_TOKENS, STALLED, STALL_MILLIS, d.medianTotal, d.maxTotal, d.medianFirst, d.maxFirst,
                g.medianTotal, g.maxTotal, g.medianFirst, g.maxFirst,
                stalledTimings.stream().mapToLong(Timing::firstMillis).min().orElse(-1),
                stalledTimings.stream().mapToLong(Timing::firstMillis).max().orElse(-1));

        for (Timing t : union(directTimings, gatewayTimings)) {
            assertEquals(HEALTHY_TOKENS + 2, t.events, "every healthy stream complete: tokens, finish, [DONE]");
        }
        assertTrue(g.medianTotal <= 2 * d.medianTotal + 500,
                "healthy streams slowed by stalled ones: median " + g.medianTotal + " ms vs " + d.medianTotal + " direct");
        assertTrue(g.maxTotal <= 2 * d.maxTotal + 1000,
                "a healthy stream slowed by stalled ones: max " + g.maxTotal + " ms vs " + d.maxTotal + " direct");
        assertTrue(g.medianFirst <= d.medianFirst + 500,
                "first events delayed: median " + g.medianFirst + " ms vs " + d.medianFirst + " direct");
        assertTrue(g.maxFirst <= d.maxFirst + 1500,
                "a first event delayed: max " + g.maxFirst + " ms vs " + d.maxFirst + " direct");
        assertTrue(besideStalled, "inconclusive: the healthy streams did not all finish within the "
                                 + STALL_MILLIS + " ms stall");
        for (Timing t : stalledTimings) {
            assertTrue(t.firstMillis() >= STALL_MILLIS - 100, "a stalled stream produced early: " + t.firstMillis());
            assertEquals(12, t.events, "stalled streams complete after the stall: 10 tokens, finish, [DONE]");
        }
        awaitLedgerEmpty();
    }

    private static List<Timing> union(List<Timing> a, List<Timing> b) {
        List<Timing> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String healthyBody(int i) {
        return GatewayTestSupport.chat("healthy " + i, true, HEALTHY_TOKENS);
    }

    /** What a client saw of one stream: when it sent the request, got the first and the last event (nanoTime). */
    private record Timing(long sentNanos, long firstNanos, long lastNanos, int events) {
        long firstMillis() {
            return (firstNanos - sentNanos) / 1_000_000;
        }

        long totalMillis() {
            return (lastNanos - sentNanos) / 1_000_000;
        }
    }

    /** Sends (after {@code start}, if given) and reads one stream to its end on a thread of its own. */
    private CompletableFuture<Timing> stream(String base, String body, CountDownLatch start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (start != null) {
                    start.await();
                }
                return read(SseStream.open(http11, base + GatewayStreamingTest.CHAT, body));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, readers);
    }

    private static Timing read(SseStream s) throws Exception {
        try (s) {
            assertEquals(200, s.response.statusCode());
            List<Event> events = s.rest();
            assertTrue(events.get(events.size() - 1).done(), "[DONE] last");
            return new Timing(s.sentNanos, events.get(0).arrivedNanos(),
                    events.get(events.size() - 1).arrivedNanos(), events.size());
        }
    }

    private static List<Timing> join(List<CompletableFuture<Timing>> futures) throws Exception {
        List<Timing> out = new ArrayList<>();
        for (CompletableFuture<Timing> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Median and max of total and first-event times. */
    private static final class Summary {
        final long medianTotal;
        final long maxTotal;
        final long medianFirst;
        final long maxFirst;

        Summary(List<Timing> timings) {
            long[] total = timings.stream().mapToLong(Timing::totalMillis).sorted().toArray();
            long[] first = timings.stream().mapToLong(Timing::firstMillis).sorted().toArray();
            medianTotal = total[total.length / 2];
            maxTotal = total[total.length - 1];
            medianFirst = first[first.length / 2];
            maxFirst = first[first.length - 1];
        }
    }
}
