package dev.tokenlb.balance;

import dev.tokenlb.cost.ServiceTimes;
import dev.tokenlb.pick.ServiceModel;

/**
 * The {@link ServiceModel} the {@code latency} pick reads: service times calibrated per target ({@link ServiceTimes})
 * the load other clients put on it ({@link ForeignLoad}) and the engines' slots ({@link EngineSlots}). Thread-safe: reads only published values.
 */
final class CalibratedModel implements ServiceModel {

    private final ServiceTimes times;
    private final ForeignLoad foreign;
    /** Null when no engine metrics are read. */
    private final EngineSlots slots;

    CalibratedModel(ServiceTimes times, ForeignLoad foreign, EngineSlots slots) {
        this.times = times;
        this.foreign = foreign;
        this.slots = slots;
    }

    @Override
    public double firstByteSeconds(int index, double prefillTokensAhead, double tokensHeld) {
        return times.coefficients(index).firstByteSeconds(prefillTokensAhead, tokensHeld);
    }

    @Override
    public double prefillSecondsPerToken(int index) {
        return times.coefficients(index).prefillSecondsPerToken();
    }

    @Override
    public double stepSeconds(int index, double batch) {
        return times.coefficients(index).stepSeconds(batch);
    }

    @Override
    public double stepSecondsPerSequence(int index) {
        return times.coefficients(index).stepPerSequence();
    }

    @Override
    public double foreignRequests(int index) {
        return foreign.requests(index);
    }

    @Override
    public double foreignPrefillTokens(int index) {
        return foreign.prefillTokens(index);
    }

    @Override
    public double foreignTokens(int index) {
        return foreign.tokens(index);
    }

    @Override
    public double slots(int index) {
        return slots == null ? Double.POSITIVE_INFINITY : slots.slots(index);
    }

    @Override
    public double meanOutputTokens() {
        return slots == null ? Double.NaN : slots.meanOutputTokens();
    }
}
