package dev.tokenlb.overhead;

import java.util.List;

/**
 * One contender's figures at one rate, pooled over all its measured windows (rounds). Latencies in milliseconds.
 * Immutable.
 *
 * @param cpuMsPerRequest the contender's CPU time over its windows divided by the requests it completed; NaN when its
 *                        CPU is not measured (direct)
 * @param lagP99Ms        the 99th percentile of how late the generator sent requests against their schedule
 */
record ContenderStats(String contender, int rate, int windows, int sent, int ok, int errors, int unfinished,
                      double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs, double cpuMsPerRequest,
                      double lagP99Ms, double achievedRate) {

    static final double NANOS_PER_MS = 1e6;

    /** Pools the windows of one contender at one rate; {@code ticksPerSecond} converts its CPU ticks. */
    static ContenderStats of(String contender, int rate, List<WindowResult> windows, int ticksPerSecond) {
        int sent = 0;
        int errors = 0;
        int unfinished = 0;
        int ok = 0;
        int lags = 0;
        long cpuTicks = 0;
        boolean cpuKnown = !windows.isEmpty();
        long wallNanos = 0;
        for (WindowResult w : windows) {
            sent += w.sent();
            errors += w.errors();
            unfinished += w.unfinished();
            ok += w.ok();
            lags += w.lagNanos().length;
            wallNanos += w.wallNanos();
            cpuKnown &= w.cpuTicks() >= 0;
            cpuTicks += Math.max(0, w.cpuTicks());
        }
        long[] latencies = new long[ok];
        long[] lag = new long[lags];
        int at = 0;
        int lagAt = 0;
        for (WindowResult w : windows) {
            System.arraycopy(w.latencyNanos(), 0, latencies, at, w.ok());
            at += w.ok();
            System.arraycopy(w.lagNanos(), 0, lag, lagAt, w.lagNanos().length);
            lagAt += w.lagNanos().length;
        }
        long[] sorted = Percentiles.sorted(latencies);
        double cpuMs = cpuKnown && ok > 0 ? cpuTicks * 1000.0 / ticksPerSecond / ok : Double.NaN;
        return new ContenderStats(contender, rate, windows.size(), sent, ok, errors, unfinished,
                                  ms(Percentiles.percentile(sorted, 50)), ms(Percentiles.percentile(sorted, 90)),
                                  ms(Percentiles.percentile(sorted, 99)), ms(Percentiles.percentile(sorted, 100)),
                                  ms(Percentiles.mean(latencies)),
                                  cpuMs, ms(Percentiles.percentile(Percentiles.sorted(lag), 99)),
                                  wallNanos > 0 ? ok * 1e9 / wallNanos : Double.NaN);
    }

    private static double ms(double nanos) {
        return nanos / NANOS_PER_MS;
    }
}
