package dev.tokenlb.cost;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How long a request takes on each backend, calibrated online from what the replies show, so that a new backend type
 * (a faster GPU, another engine) is handled without retuning. Two fits per backend (see {@link LinearFit}):
 * <ul>
 * <li>time to first byte {@code = firstByteBase + prefillSecondsPerToken * tokensAhead}, where tokensAhead is the
 * prompt tokens waiting for prefill on the backend when the request was sent, its own uncached prompt included;</li>
 * <li>seconds per output token of one sequence {@code = stepBase + stepPerSequence * batch}, where batch is the number
 * of requests running there with it (a decode step serves every running sequence, and grows with the batch).</li>
 * </ul>
 * A backend uses its own fit once it has {@value #MIN_SAMPLES} samples; before that, the fit pooled over every
 * backend; before any sample at all, {@link Coefficients#PRIOR} (a mid-size model on one GPU), which only the first
 * few requests ever see.
 * <p>
 * Thread-safe. Reads ({@link #coefficients}) take no lock, so picks can call them under the ledger's lock.
 */
public final class ServiceTimes {

    /** Samples a backend needs before its own fit replaces the pooled one. */
    static final int MIN_SAMPLES = 8;
    /** Each sample's weight against the history: the fit follows a change within about 50 samples. */
    static final double ALPHA = 0.02;

    /**
     * One backend's calibration, in seconds.
     *
     * @param firstByteBase          time to first byte of a request with nothing to prefill
     * @param prefillSecondsPerToken prefill time per prompt token waiting (its own and those ahead)
     * @param stepBase               seconds per output token of a sequence running alone
     * @param stepPerSequence        what each other running sequence adds to that
     */
    public record Coefficients(double firstByteBase, double prefillSecondsPerToken, double stepBase,
                               double stepPerSequence) {

        /** Before any sample: 50 ms to first byte, 10,000 prefill tokens/s, 20 ms steps, +0.5 ms per sequence. */
        public static final Coefficients PRIOR = new Coefficients(0.05, 1e-4, 0.02, 0.0005);

        /** Seconds per output token of one sequence in a batch of this many. */
        public double stepSeconds(double batch) {
            return stepBase + stepPerSequence * Math.max(1, batch);
        }
    }

    private final LinearFit[] firstByte;
    private final LinearFit[] decode;
    private final LinearFit pooledFirstByte = new LinearFit(ALPHA);
    private final LinearFit pooledDecode = new LinearFit(ALPHA);
    private final AtomicReferenceArray<Coefficients> current;

    public ServiceTimes(int backends) {
        firstByte = new LinearFit[backends];
        decode = new LinearFit[backends];
        current = new AtomicReferenceArray<>(backends);
        for (int i = 0; i < backends; i++) {
            firstByte[i] = new LinearFit(ALPHA);
            decode[i] = new LinearFit(ALPHA);
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
     * @param seconds     from sending the request to the reply's first byte
     */
    public synchronized void observeFirstByte(int index, double tokensAhead, double seconds) {
        if (!(seconds >= 0) || !(tokensAhead >= 0) || Double.isInfinite(seconds)) {
            return;
        }
        firstByte[index].add(tokensAhead, seconds);
        pooledFirstByte.add(tokensAhead, seconds);
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
        decode[index].add(batch, secondsPerToken);
        pooledDecode.add(batch, secondsPerToken);
        publish();
    }

    /** Samples behind a backend's fits: first bytes, decodes. */
    public synchronized long[] samples(int index) {
        return new long[] {firstByte[index].samples(), decode[index].samples()};
    }

    private void publish() {
        double[] pooledFb = pooledFirstByte.samples() > 0 ? pooledFirstByte.coefficients() : null;
        double[] pooledDe = pooledDecode.samples() > 0 ? pooledDecode.coefficients() : null;
        for (int i = 0; i < current.length(); i++) {
            double[] fb = pick(firstByte[i], pooledFb, Coefficients.PRIOR.firstByteBase(),
                    Coefficients.PRIOR.prefillSecondsPerToken());
            double[] de = pick(decode[i], pooledDe, Coefficients.PRIOR.stepBase(),
                    Coefficients.PRIOR.stepPerSequence());
            current.set(i, new Coefficients(fb[0], fb[1], de[0], de[1]));
        }
    }

    private static double[] pick(LinearFit own, double[] pooled, double priorBase, double priorSlope) {
        if (own.samples() >= MIN_SAMPLES) {
            return sane(own.coefficients(), priorBase, priorSlope);
        }
        if (pooled != null) {
            return sane(pooled, priorBase, priorSlope);
        }
        return new double[] {priorBase, priorSlope};
    }

    /** A fit with no slope and no base (all samples zero) says nothing: keep the prior's shape. */
    private static double[] sane(double[] c, double priorBase, double priorSlope) {
        return c[0] <= 0 && c[1] <= 0 ? new double[] {priorBase, priorSlope} : c;
    }
}
