package dev.tokenlb.cost;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How long a request takes on each backend, calibrated online from what the replies show, so that a new backend type
 * (a faster GPU, another engine) is handled without retuning. Two shapes, fitted over every backend's replies (see
 * {@link LinearFit}):
 * <ul>
 * <li>time to first byte {@code = firstByteBase + prefillSecondsPerToken * tokensAhead + kvSecondsPerToken *
 * tokensHeld}, where tokensAhead is the prompt tokens waiting for prefill on the backend when the request was sent,
 * its own uncached prompt included, and tokensHeld the tokens its requests hold there (a proxy for the KV cache in
 * use: an engine whose cache is full admits a new request only as others finish); the last term counts only where the
 * data show it (see {@link PlaneFit});</li>
 * <li>seconds per output token of one sequence {@code = stepBase + stepPerSequence * batch}, where batch is the number
 * of requests running there with it (a decode step serves every running sequence, and grows with the batch).</li>
 * </ul>
 * and per backend one factor for each shape: its observed times over what the shared shape predicted for them, a
 * ratio of exponentially decayed sums. Backends of one cluster mostly differ by a speed (a faster GPU scales prefill
 * and decode alike), and one factor per shape is far less noisy than a line of its own per backend: equal backends
 * then look equal, and the balancer does not chase noise. A backend's factor counts once it has
 * {@value #MIN_SAMPLES} samples; before any sample at all the shapes are {@link Coefficients#PRIOR} (a mid-size model
 * on one GPU), which only the first few requests see.
 * <p>
 * Thread-safe. Reads ({@link #coefficients}) take no lock, so picks can call them under the ledger's lock.
 */
public final class ServiceTimes {

    /** Samples a backend needs before its own factor replaces 1. */
    static final int MIN_SAMPLES = 8;
    /** Each sample's weight against the history: the fit follows a change within about 50 samples. */
    static final double ALPHA = 0.02;

    /**
     * One backend's calibration, in seconds.
     *
     * @param firstByteBase          time to first byte of a request with nothing to prefill
     * @param prefillSecondsPerToken prefill time per prompt token waiting (its own and those ahead)
     * @param kvSecondsPerToken      first-byte wait per token held on the backend (admission as the KV cache fills)
     * @param stepBase               seconds per output token of a sequence running alone
     * @param stepPerSequence        what each other running sequence adds to that
     */
    public record Coefficients(double firstByteBase, double prefillSecondsPerToken, double kvSecondsPerToken,
                               double stepBase, double stepPerSequence) {

        /** Before any sample: 50 ms to first byte, 10,000 prefill tokens/s, 20 ms steps, +0.5 ms per sequence. */
        public static final Coefficients PRIOR = new Coefficients(0.05, 1e-4, 0, 0.02, 0.0005);

        /** Seconds to the first byte behind this many prompt tokens, with this many tokens held on the backend. */
        public double firstByteSeconds(double tokensAhead, double tokensHeld) {
            return firstByteBase + prefillSecondsPerToken * tokensAhead + kvSecondsPerToken * tokensHeld;
        }

        /** Seconds per output token of one sequence in a batch of this many. */
        public double stepSeconds(double batch) {
            return stepBase + stepPerSequence * Math.max(1, batch);
        }

        Coefficients scaled(double firstByteFactor, double decodeFactor) {
            return new Coefficients(firstByteBase * firstByteFactor, prefillSecondsPerToken * firstByteFactor,
                    kvSecondsPerToken * firstByteFactor, stepBase * decodeFactor, stepPerSequence * decodeFactor);
        }
    }

    private final PlaneFit pooledFirstByte = new PlaneFit(ALPHA);
    private final LinearFit pooledDecode = new LinearFit(ALPHA);
    private final SpeedFactor[] firstByte;
    private final SpeedFactor[] decode;
    private final AtomicReferenceArray<Coefficients> current;
    private Coefficients shared = Coefficients.PRIOR; // guarded by this

    public ServiceTimes(int backends) {
        firstByte = new SpeedFactor[backends];
        decode = new SpeedFactor[backends];
        current = new AtomicReferenceArray<>(backends);
        for (int i = 0; i < backends; i++) {
            firstByte[i] = new SpeedFactor();
            decode[i] = new SpeedFactor();
            current.set(i, Coefficients.PRIOR);
        }
    }

    public int size() {
        return current.length();
    }

    /** The calibration of one backend now. */
    public Coefficients coefficients(int index) {
        return current.get(index);
    }

    /**
     * A reply's first byte arrived.
     *
     * @param tokensAhead prompt tokens waiting for prefill on the backend when the request was sent, its own included
     * @param tokensHeld  tokens held by the requests on the backend when it was sent, its own included
     * @param seconds     from sending the request to the reply's first byte
     */
    public synchronized void observeFirstByte(int index, double tokensAhead, double tokensHeld, double seconds) {
        if (!(seconds >= 0) || !(tokensAhead >= 0) || !(tokensHeld >= 0) || Double.isInfinite(seconds)) {
            return;
        }
        firstByte[index].add(seconds, shared.firstByteSeconds(tokensAhead, tokensHeld));
        pooledFirstByte.add(tokensAhead, tokensHeld, seconds);
        publish();
    }

    /**
     * A reply's decode was timed.
     *
     * @param batch           requests running on the backend beside and including this one
     * @param secondsPerToken time per output token of this sequence
     */
    public synchronized void observeDecode(int index, double batch, double secondsPerToken) {
        if (!(secondsPerToken > 0) || !(batch >= 1) || Double.isInfinite(secondsPerToken)) {
            return;
        }
        decode[index].add(secondsPerToken, shared.stepSeconds(batch));
        pooledDecode.add(batch, secondsPerToken);
        publish();
    }

    /** Samples behind a backend's fits: first bytes, decodes. */
    public synchronized long[] samples(int index) {
        return new long[] {firstByte[index].samples, decode[index].samples};
    }

    private void publish() {
        double[] fb = pooledFirstByte.samples() > 0 ? pooledFirstByte.coefficients() : null;
        if (fb != null && fb[0] <= 0 && fb[1] <= 0 && fb[2] <= 0) {
            fb = null; // all samples zero: says nothing, keep the prior's shape
        }
        double[] de = pooledDecode.samples() > 0 ? sane(pooledDecode.coefficients(), Coefficients.PRIOR.stepBase(),
                Coefficients.PRIOR.stepPerSequence()) : null;
        shared = new Coefficients(fb == null ? Coefficients.PRIOR.firstByteBase() : fb[0],
                fb == null ? Coefficients.PRIOR.prefillSecondsPerToken() : fb[1], fb == null ? 0 : fb[2],
                de == null ? Coefficients.PRIOR.stepBase() : de[0],
                de == null ? Coefficients.PRIOR.stepPerSequence() : de[1]);
        for (int i = 0; i < current.length(); i++) {
            current.set(i, shared.scaled(firstByte[i].factor(), decode[i].factor()));
        }
    }

    /** A fit with no slope and no base (all samples zero) says nothing: keep the prior's shape. */
    private static double[] sane(double[] c, double priorBase, double priorSlope) {
        return c[0] <= 0 && c[1] <= 0 ? new double[] {priorBase, priorSlope} : c;
    }

    /** One backend's times over the shared shape's predictions: a ratio of decayed sums, 1 until it has samples. */
    private static final class SpeedFactor {
        private double observed;
        private double predicted;
        private long samples;

        void add(double observedSeconds, double predictedSeconds) {
            if (!(predictedSeconds > 0)) {
                return;
            }
            observed = observed * (1 - ALPHA) + observedSeconds;
            predicted = predicted * (1 - ALPHA) + predictedSeconds;
            samples++;
        }

        double factor() {
            return samples < MIN_SAMPLES || predicted <= 0 ? 1.0 : Math.max(1 / CLAMP, Math.min(CLAMP,
                    observed / predicted));
        }
    }

    /** Factors are kept within [1/CLAMP, CLAMP]: one odd stretch cannot starve or flood a backend. */
    static final double CLAMP = 16;
}
