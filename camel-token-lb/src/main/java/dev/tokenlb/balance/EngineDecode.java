package dev.tokenlb.balance;

import dev.tokenlb.cost.ServiceTimes;
import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;

/**
 * Decode samples from the engines' own inter-token latency histograms ({@code vllm:inter_token_latency_seconds} and
 * the like): between two good scrapes of a target, the mean seconds per output token the engine measured
 * ({@code Δsum / Δcount}), at the mean running batch of the two scrapes, go to {@link ServiceTimes} as a reply's decode
 * does. The engine times every sequence it runs, other clients' too, so a target that serves this balancer little is
 * calibrated all the same, and a change of speed shows within a scrape or two. A window with fewer than
 * {@value #MIN_TOKENS} tokens says little and waits for more; a count that went down is a restarted engine, whose next
 * window starts afresh.
 * <p>
 * Thread-safe (one lock, held for a few arithmetic steps per scrape).
 */
final class EngineDecode {

    /** Output tokens a window needs before its mean is taken. */
    static final double MIN_TOKENS = 32;

    private final ServiceTimes times;
    private final EngineSample[] windowStart; // guarded by this

    EngineDecode(ServiceTimes times) {
        this.times = times;
        this.windowStart = new EngineSample[times.size()];
    }

    synchronized void scraped(ScrapeReport report) {
        EngineSample now = report.sample();
        int i = report.backend();
        if (report.state() != ScrapeState.OK || now == null || i < 0 || i >= windowStart.length
            || Double.isNaN(now.interTokenLatencyCount()) || Double.isNaN(now.interTokenLatencySum())) {
            return;
        }
        EngineSample start = windowStart[i];
        if (start == null || now.interTokenLatencyCount() < start.interTokenLatencyCount()
            || now.interTokenLatencySum() < start.interTokenLatencySum()) {
            windowStart[i] = now; // the first window, or the engine restarted
            return;
        }
        double tokens = now.interTokenLatencyCount() - start.interTokenLatencyCount();
        if (tokens < MIN_TOKENS) {
            return; // keep the window open until it says something
        }
        double seconds = now.interTokenLatencySum() - start.interTokenLatencySum();
        double batch = meanRunning(start, now);
        windowStart[i] = now;
        if (batch >= 1) {
            times.observeDecode(i, batch, seconds / tokens);
        }
    }

    private static double meanRunning(EngineSample a, EngineSample b) {
        boolean hasA = a.running() >= 0;
        boolean hasB = b.running() >= 0;
        if (hasA && hasB) {
            return (a.running() + b.running()) / 2;
        }
        return hasB ? b.running() : hasA ? a.running() : Double.NaN;
    }
}
