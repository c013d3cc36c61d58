package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The raw outcome of one contender's run: every request with its result, or null where the reply had not ended when
 * the bounded drain ran out (unfinished). Times are {@link System#nanoTime()} values. Immutable by convention: the
 * array is not written after the run.
 *
 * @param requests          the requests offered, in order
 * @param results           {@code results[i]} is request i's result, or null if unfinished
 * @param startNanos        when the first arrival was due
 * @param lastArrivalNanos  when the last arrival was due
 * @param maxSendLagNanos   the most a request was written after it was due (the load generator's own lateness)
 */
record RunRecord(List<BenchRequest> requests, RequestResult[] results, long startNanos, long lastArrivalNanos,
                 long maxSendLagNanos) {

    /** The same run restricted to the requests that {@code keep} accepts (with their results), in order. */
    RunRecord only(Predicate<BenchRequest> keep) {
        List<BenchRequest> kept = new ArrayList<>();
        List<RequestResult> keptResults = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (keep.test(requests.get(i))) {
                kept.add(requests.get(i));
                keptResults.add(results[i]);
            }
        }
        return new RunRecord(kept, keptResults.toArray(new RequestResult[0]), startNanos, lastArrivalNanos,
                maxSendLagNanos);
    }
}
