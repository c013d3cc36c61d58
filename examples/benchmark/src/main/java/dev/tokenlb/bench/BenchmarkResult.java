package dev.tokenlb.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A whole benchmark run: where and how it ran, each cluster's saturation, and every point. Immutable by convention.
 *
 * @param machine        the hardware and JDK
 * @param options        the settings used
 * @param saturation     per cluster name, the throughput the loads refer to
 * @param points         in run order: per cluster, per load
 * @param started        when the run began
 * @param elapsedSeconds how long it took, warm-up and probes included
 */
record BenchmarkResult(MachineInfo machine, BenchOptions options, Map<String, Saturation> saturation,
                       List<PointResult> points, Instant started, double elapsedSeconds) {
}
