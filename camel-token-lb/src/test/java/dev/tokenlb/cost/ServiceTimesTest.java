package dev.tokenlb.cost;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTimesTest {

    private static void feed(ServiceTimes times, int index, int samples, double base, double perToken, double stepBase,
                             double perSequence, SplittableRandom random) {
        for (int k = 0; k < samples; k++) {
            double ahead = 100 + random.nextDouble(20_000);
            double noise = 1 + (random.nextDouble() - 0.5) * 0.1; // +-5%
            times.observeFirstByte(index, ahead, (base + perToken * ahead) * noise);
            double batch = 1 + random.nextInt(40);
            times.observeDecode(index, batch, (stepBase + perSequence * batch) * noise);
        }
    }

    private static void assertNear(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, Math.abs(expected) * relative, what);
    }

    @Test
    void theFirstRequestsSeeThePrior() {
        ServiceTimes times = new ServiceTimes(2);
        assertSame(ServiceTimes.Coefficients.PRIOR, times.coefficients(0));
    }

    @Test
    void eachBackendConvergesOnItsOwnSpeed() {
        ServiceTimes times = new ServiceTimes(2);
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 100; round++) {
            feed(times, 0, 2, 0.03, 2e-4, 0.010, 0.0010, random);   // a slow GPU
            feed(times, 1, 2, 0.03, 5e-5, 0.004, 0.0002, random);   // one four to five times faster
        }
        ServiceTimes.Coefficients slow = times.coefficients(0);
        ServiceTimes.Coefficients fast = times.coefficients(1);
        assertNear(2e-4, slow.prefillSecondsPerToken(), 0.1, "slow prefill");
        assertNear(5e-5, fast.prefillSecondsPerToken(), 0.1, "fast prefill");
        assertNear(0.010 + 0.0010 * 20, slow.stepSeconds(20), 0.1, "slow step at 20");
        assertNear(0.004 + 0.0002 * 20, fast.stepSeconds(20), 0.1, "fast step at 20");
        assertNear(0.0010, slow.stepPerSequence(), 0.2, "slow per-sequence slope");
    }

    @Test
    void aBackendWithFewSamplesBorrowsThePooledFit() {
        ServiceTimes times = new ServiceTimes(2);
        feed(times, 0, 200, 0.03, 1e-4, 0.01, 0.001, new SplittableRandom(1));
        feed(times, 1, ServiceTimes.MIN_SAMPLES - 1, 0.03, 9e-4, 0.09, 0.009, new SplittableRandom(2));
        // backend 1 has too few samples of its own: it is treated like the cluster, not like its 7 samples
        assertTrue(times.coefficients(1).prefillSecondsPerToken() < 2e-4, times.coefficients(1).toString());
        feed(times, 1, 2, 0.03, 9e-4, 0.09, 0.009, new SplittableRandom(3));
        assertTrue(times.coefficients(1).prefillSecondsPerToken() > 5e-4, times.coefficients(1).toString());
    }

    @Test
    void followsABackendThatSlowsDown() {
        ServiceTimes times = new ServiceTimes(1);
        SplittableRandom random = new SplittableRandom(11);
        feed(times, 0, 300, 0.03, 1e-4, 0.01, 0.001, random);
        feed(times, 0, 250, 0.03, 3e-4, 0.03, 0.003, random); // throttled to a third of its speed
        assertNear(3e-4, times.coefficients(0).prefillSecondsPerToken(), 0.15, "prefill after the change");
        assertNear(0.03 + 0.003 * 10, times.coefficients(0).stepSeconds(10), 0.15, "step after the change");
    }

    @Test
    void nonsenseSamplesAreIgnored() {
        ServiceTimes times = new ServiceTimes(1);
        times.observeFirstByte(0, 100, Double.NaN);
        times.observeFirstByte(0, -5, 1);
        times.observeDecode(0, 0, 0.01);
        times.observeDecode(0, 3, Double.POSITIVE_INFINITY);
        times.observeDecode(0, 3, -1);
        assertEquals(0, times.samples(0)[0] + times.samples(0)[1]);
        assertSame(ServiceTimes.Coefficients.PRIOR, times.coefficients(0));
    }

    @Test
    void aFitAgainstTheGrainFallsBackToALineThroughTheOrigin() {
        LinearFit fit = new LinearFit(0.02);
        fit.add(100, 2.0);
        fit.add(200, 1.0); // more work, less time: noise
        double[] c = fit.coefficients();
        assertEquals(0, c[0]);
        assertTrue(c[1] > 0);
        LinearFit flat = new LinearFit(0.02);
        flat.add(10, 0.5);
        flat.add(10, 0.5);
        assertEquals(0.05, flat.coefficients()[1], 1e-12); // every x alike: y proportional to x
    }
}
