package dev.tokenlb.sim;

import java.util.ArrayList;
import java.util.List;

/** A sequence whose listener writes down, in clock milliseconds, when each token came and when it completed. */
final class RecordingSequence implements SequenceListener {

    final List<Double> tokenTimes = new ArrayList<>();
    final Sequence sequence;
    private final ManualClock clock;
    double completedAt = -1;

    RecordingSequence(ManualClock clock, int promptTokens, int outputTokens) {
        this(clock, promptTokens, outputTokens, new long[0]);
    }

    RecordingSequence(ManualClock clock, int promptTokens, int outputTokens, long[] blockHashes) {
        this.clock = clock;
        this.sequence = new Sequence(promptTokens, outputTokens, blockHashes, this);
    }

    @Override
    public void onToken(int tokensSoFar) {
        tokenTimes.add(clock.nowMillis());
    }

    @Override
    public void onComplete() {
        completedAt = clock.nowMillis();
    }

    double firstTokenAt() {
        return tokenTimes.isEmpty() ? -1 : tokenTimes.get(0);
    }
}
