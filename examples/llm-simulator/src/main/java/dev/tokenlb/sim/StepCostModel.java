package dev.tokenlb.sim;

/**
 * The duration of one engine step, in the spirit of a continuous-batching engine (vLLM): a fixed cost per step, a cost
 * per sequence in the batch, a small cost for the KV cache being read, and, if the step admits new requests, the time
 * to prefill their prompts, which every other sequence in the batch waits for too. Immutable, thread-safe.
 */
final class StepCostModel {

    private final double baseMillis;
    private final double perSequenceMillis;
    private final double perThousandKvTokensMillis;
    private final double prefillTokensPerMilli;
    private final double timeScale;

    StepCostModel(SimulatorConfig config) {
        this.baseMillis = config.decodeStepBaseMillis();
        this.perSequenceMillis = config.decodeStepPerSequenceMillis();
        this.perThousandKvTokensMillis = config.decodeStepPerThousandKvTokensMillis();
        this.prefillTokensPerMilli = config.prefillTokensPerSecond() / 1000.0;
        this.timeScale = config.timeScale();
    }

    /**
     * @param batchSize     sequences in the step, the newly admitted ones included
     * @param prefillTokens prompt tokens of the newly admitted sequences
     * @param kvTokens      KV tokens in use by the batch at the start of the step
     * @param speed         the backend's current speed factor
     * @return the real (wall-clock) duration in nanoseconds
     */
    long stepNanos(int batchSize, long prefillTokens, long kvTokens, double speed) {
        double millis = baseMillis
                + perSequenceMillis * batchSize
                + perThousandKvTokensMillis * kvTokens / 1000.0
                + prefillTokens / prefillTokensPerMilli;
        return Math.max(1, Math.round(millis * 1_000_000 * timeScale / speed));
    }
}
