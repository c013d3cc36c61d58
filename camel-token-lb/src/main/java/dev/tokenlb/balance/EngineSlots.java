package dev.tokenlb.balance;

import java.util.concurrent.atomic.AtomicLongArray;

import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;

/**
 * How many requests each engine runs at once, learned from its own metrics, and how long a reply runs: so that the
 * {@code latency} pick knows when a request would wait in the engine's queue for a free slot (a llama.cpp server's
 * {@code -np} slots, vLLM's {@code max_num_seqs}, or a KV cache that admits no more), and for how long.
 * <p>
 * A scrape that shows requests waiting while others run shows the engine full: its running count is then its
 * capacity (smoothed over such scrapes, since a KV-bound engine admits more short requests than long ones). A scrape
 * that shows more running than the capacity learned so far raises it at once: the engine can evidently run that
 * many. An engine never seen with a queue has no known bound. The mean reply length is learned from finished replies
 * (all targets alike: it is the workload's, not the engine's).
 * <p>
 * Thread-safe: values are published in atomics, so picks read them without a lock.
 */
final class EngineSlots {

    /** Weight of a new full-engine scrape in the capacity. */
    static final double ALPHA = 0.3;
    /** Weight of a new reply in the mean reply length: it follows a change of workload within about 50 replies. */
    static final double OUTPUT_ALPHA = 0.02;

    private final AtomicLongArray slotBits;
    private volatile double meanOutput = Double.NaN;

    EngineSlots(int backends) {
        slotBits = new AtomicLongArray(backends);
        for (int i = 0; i < backends; i++) {
            slotBits.set(i, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY));
        }
    }

    /** Requests target i runs at once when it has a queue; infinite while that is not known. */
    double slots(int i) {
        return Double.longBitsToDouble(slotBits.get(i));
    }

    /** Mean output tokens of a finished reply; NaN before the first. */
    double meanOutputTokens() {
        return meanOutput;
    }

    void scraped(ScrapeReport report) {
        EngineSample s = report.sample();
        int i = report.backend();
        if (report.state() != ScrapeState.OK || s == null || i < 0 || i >= slotBits.length()
            || !(s.running() >= 1) || Double.isNaN(s.waiting())) {
            return;
        }
        double known = slots(i);
        double running = s.running();
        if (s.waiting() >= 1) {
            slotBits.set(i, Double.doubleToRawLongBits(Double.isInfinite(known)
                    ? running : (1 - ALPHA) * known + ALPHA * running));
        } else if (running > known) {
            slotBits.set(i, Double.doubleToRawLongBits(running));
        }
    }

    /** A reply finished with this many output tokens. */
    synchronized void replied(long outputTokens) {
        if (outputTokens < 0) {
            return;
        }
        double m = meanOutput;
        meanOutput = Double.isNaN(m) ? outputTokens : (1 - OUTPUT_ALPHA) * m + OUTPUT_ALPHA * outputTokens;
    }
}
