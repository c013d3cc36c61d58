package dev.tokenlb.gateway.config;

/**
 * The default of {@code tokenlb.max-concurrent} ({@code auto}), from the machine: as many open streams as
 * {@value #HEAP_SHARE_PERCENT}% of the max heap holds at {@value #BYTES_PER_STREAM} bytes each (about 55 KB was
 * measured per open stream: request, reply buffers, exchange, worker), at most {@value #STREAMS_PER_CORE} per core
 * (a core relays about that many trickling streams) and at least {@value #MIN_STREAMS}. The rest of the heap is left
 * to the balancer, the count cache and garbage collection headroom. A pure function, so the rule is tested apart.
 */
final class ConcurrencySizing {

    static final long BYTES_PER_STREAM = 56_320; // 55 KiB
    static final int HEAP_SHARE_PERCENT = 60;
    static final int STREAMS_PER_CORE = 2_500;
    static final int MIN_STREAMS = 64;

    private ConcurrencySizing() {
    }

    /** The concurrency limit for a heap of {@code maxHeapBytes} and {@code cores} cores. */
    static int maxConcurrent(long maxHeapBytes, int cores) {
        long byHeap = maxHeapBytes / 100 * HEAP_SHARE_PERCENT / BYTES_PER_STREAM;
        long byCores = (long) Math.max(1, cores) * STREAMS_PER_CORE;
        return (int) Math.max(MIN_STREAMS, Math.min(byHeap, byCores));
    }

    /** The rule with this machine's figures, for the start-up log line. */
    static String explain(long maxHeapBytes, int cores) {
        return "max-concurrent " + maxConcurrent(maxHeapBytes, cores) + " (auto: min(" + HEAP_SHARE_PERCENT
               + "% of heap " + (maxHeapBytes >> 20) + " MiB / 55 KiB per stream, " + STREAMS_PER_CORE + " x "
               + cores + " cores), at least " + MIN_STREAMS + ")";
    }
}
