package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one contender's run at one point. Latency and TTFT are wall-clock milliseconds over successful
 * requests (TTFT over the streamed ones); unfinished requests have no latency and are counted apart. Output tokens per
 * second are the successful replies' tokens over the span from the first arrival to the last reply. Immutable.
 *
 * @param contender        the contender's name
 * @param requests         requests offered
 * @param errors           requests that failed
 * @param unfinished       requests still open when the bounded drain ran out
 * @param meanMs           end-to-end latency: mean
 * @param p50Ms            end-to-end latency: median
 * @param p95Ms            end-to-end latency: 95th percentile
 * @param p99Ms            end-to-end latency: 99th percentile
 * @param ttftMeanMs       time to first token of streamed requests: mean
 * @param ttftP99Ms        time to first token of streamed requests: 99th percentile
 * @param outputTokensPerS output tokens per second of wall-clock time
 * @param latenciesMs      every successful request's latency, ascending (for the CDF chart)
 * @param perBackend       requests served per backend name (from {@code x-sim-backend})
 * @param maxSendLagMs     how late the load generator wrote a request at worst
 * @param firstErrors      up to five error messages, for the console
 * @param run              the raw run, for the per-request CSV
 */
record RunSummary(String contender, int requests, int errors, int unfinished, double meanMs, double p50Ms,
                  double p95Ms, double p99Ms, double ttftMeanMs, double ttftP99Ms, double outputTokensPerS,
                  double[] latenciesMs, Map<String, Integer> perBackend, double maxSendLagMs,
                  List<String> firstErrors, RunRecord run) {

    static RunSummary of(String contender, RunRecord run) {
        List<Double> latencies = new ArrayList<>();
        List<Double> ttfts = new ArrayList<>();
        Map<String, Integer> perBackend = new TreeMap<>();
        List<String> firstErrors = new ArrayList<>();
        int errors = 0;
        int unfinished = 0;
        long outputTokens = 0;
        long lastEnd = run.startNanos();
        for (RequestResult r : run.results()) {
            if (r == null) {
                unfinished++;
                continue;
            }
            if (r.backend() != null) {
                perBackend.merge(r.backend(), 1, Integer::sum);
            }
            if (!r.ok()) {
                errors++;
                if (firstErrors.size() < 5) {
                    firstErrors.add(r.error());
                }
                continue;
            }
            latencies.add(r.latencyNanos() / 1e6);
            if (r.ttftNanos() >= 0) {
                ttfts.add(r.ttftNanos() / 1e6);
            }
            outputTokens += r.outputTokens();
            lastEnd = Math.max(lastEnd, r.endNanos());
        }
        double[] lat = Percentiles.sorted(latencies.stream().mapToDouble(Double::doubleValue).toArray());
        double[] ttft = Percentiles.sorted(ttfts.stream().mapToDouble(Double::doubleValue).toArray());
        double spanSeconds = (lastEnd - run.startNanos()) / 1e9;
        return new RunSummary(contender, run.requests().size(), errors, unfinished, Percentiles.mean(lat),
                Percentiles.percentile(lat, 50), Percentiles.percentile(lat, 95), Percentiles.percentile(lat, 99),
                Percentiles.mean(ttft), Percentiles.percentile(ttft, 99),
                spanSeconds > 0 ? outputTokens / spanSeconds : 0, lat, perBackend, run.maxSendLagNanos() / 1e6,
                firstErrors, run);
    }
}
