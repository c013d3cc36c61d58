package dev.tokenlb.balance;

import dev.tokenlb.cost.ServiceTimes;

/**
 * Turns a reply's timing into calibration samples for its target's {@link ServiceTimes}: time to first byte against
 * the prefill that was ahead of it, and seconds per output token against the batch it ran in. A plain (not streamed)
 * reply shows only its whole time: its decode is that time less the predicted time to first byte.
 */
final class Calibration {

    /** Fewer tokens than this, or a shorter span, says more about chunking than about speed. */
    static final long MIN_TOKENS = 8;
    static final long MIN_NANOS = 20_000_000L;

    private Calibration() {
    }

    static void firstByte(ServiceTimes times, Dispatch dispatch, long firstByteNanos) {
        if (times == null || dispatch == null) {
            return;
        }
        times.observeFirstByte(dispatch.index(), dispatch.tokensAhead(), dispatch.tokensHeld(),
                (firstByteNanos - dispatch.sentNanos()) / 1e9);
    }

    static void streamedDecode(ServiceTimes times, Dispatch dispatch, long tokens, long spanNanos) {
        if (times == null || dispatch == null || tokens < MIN_TOKENS || spanNanos < MIN_NANOS) {
            return;
        }
        times.observeDecode(dispatch.index(), dispatch.batch(), spanNanos / 1e9 / (tokens - 1));
    }

    static void wholeReply(ServiceTimes times, Dispatch dispatch, long outputTokens, long endNanos) {
        if (times == null || dispatch == null || outputTokens < MIN_TOKENS) {
            return;
        }
        ServiceTimes.Coefficients c = times.coefficients(dispatch.index());
        double firstByte = c.firstByteSeconds(dispatch.tokensAhead(), dispatch.tokensHeld());
        double decode = (endNanos - dispatch.sentNanos()) / 1e9 - firstByte;
        if (decode > 0) {
            times.observeDecode(dispatch.index(), dispatch.batch(), decode / outputTokens);
        }
    }
}
