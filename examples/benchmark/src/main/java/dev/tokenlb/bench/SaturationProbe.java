package dev.tokenlb.bench;

import java.util.List;
import java.util.Locale;

import dev.tokenlb.sim.SimulatedLlmCluster;
import dev.tokenlb.sim.SimulatedLlmServer;
import io.vertx.core.Vertx;

/**
 * Measures a cluster's saturation throughput for the workload mix: a {@link ClosedLoop} straight to the backends (no
 * gateway), least-requests, with enough requests open that every backend always has a queue, so each engine runs
 * full batches. After a warm-up, the output tokens the backends generate in a window, divided by the mean reply length
 * of the requests issued, give the sustainable arrival rate. Tokens are counted rather than replies because a window
 * cuts many long replies at its edges; the tokens they generated inside it still count. With a heavy-tailed mix the
 * estimate still moves by about 10% between windows of a few hundred requests (a 30,000-token prompt holds half a
 * backend's KV cache for a long time): the contenders of a point share one rate, so comparisons stay paired.
 * Not thread-safe: one probe at a time.
 */
final class SaturationProbe {

    private final Vertx vertx;

    SaturationProbe(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * @param cluster     a fresh, idle cluster
     * @param requests    the workload, issued in order and cycled if the probe needs more
     * @param open        requests kept open in all
     */
    Saturation measure(SimulatedLlmCluster cluster, List<BenchRequest> requests, int open, long warmupNanos,
                       long windowNanos, Progress progress) throws InterruptedException {
        progress.begin("saturation probe: closed loop, " + open + " open, straight to the backends");
        ClosedLoop load = ClosedLoop.start(vertx,
                new DirectRouter(DirectRouter.Policy.LEAST_REQUESTS, cluster.baseUrls()), requests, open);
        load.runFor(warmupNanos, progress);
        long tokens0 = generatedTokens(cluster);
        int done0 = load.done();
        long t0 = System.nanoTime();
        load.runFor(windowNanos, progress);
        long tokens1 = generatedTokens(cluster);
        int done1 = load.done();
        long t1 = System.nanoTime();
        int issued = load.issued();
        load.stop(progress);

        double seconds = (t1 - t0) / 1e9;
        double tokensPerSecond = (tokens1 - tokens0) / seconds;
        double meanOutput = meanOutputTokens(requests, issued);
        Saturation saturation = new Saturation(tokensPerSecond / meanOutput, tokensPerSecond,
                (done1 - done0) / seconds, open, seconds);
        progress.note(String.format(Locale.ROOT,
                "  saturation: %.1f req/s (%.0f output tok/s / %.0f mean reply tokens; %.1f replies/s in the window)%s",
                saturation.requestsPerSecond(), tokensPerSecond, meanOutput, saturation.completionsPerSecond(),
                load.errors() > 0 ? "  WARNING: " + load.errors() + " errors" : ""));
        return saturation;
    }

    private static long generatedTokens(SimulatedLlmCluster cluster) {
        long sum = 0;
        for (SimulatedLlmServer backend : cluster.backends()) {
            sum += backend.stats().generatedTokens();
        }
        return sum;
    }

    /** The mean reply length of the requests issued so far (the mix the window's work came from). */
    private static double meanOutputTokens(List<BenchRequest> requests, int issued) {
        int n = Math.max(1, Math.min(issued, requests.size()));
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += requests.get(i).outputTokens();
        }
        return sum / n;
    }
}
