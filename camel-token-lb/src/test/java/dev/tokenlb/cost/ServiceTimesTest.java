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
            times.observeFirstByte(index, ahead, 1000, (base + perToken * ahead) * noise);
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
        ServiceTimes times = new ServiceTimes(3);
        SplittableRandom random = new SplittableRandom(7);
        double[] slowness = {2.0, 1.0, 0.5}; // one GPU half as fast, one twice as fast as the middle one
        for (int round = 0; round < 150; round++) {
            for (int i = 0; i < 3; i++) {
                double f = slowness[i];
                feed(times, i, 1, 0.03 * f, 1e-4 * f, 0.008 * f, 0.0006 * f, random);
            }
        }
        for (int i = 0; i < 3; i++) {
            double f = slowness[i];
            ServiceTimes.Coefficients c = times.coefficients(i);
            assertNear(1e-4 * f, c.prefillSecondsPerToken(), 0.15, "prefill of backend " + i);
            assertNear((0.03 + 1e-4 * 10_000) * f, c.firstByteBase() + c.prefillSecondsPerToken() * 10_000, 0.1,
                    "first byte behind 10,000 tokens on backend " + i);
            assertNear((0.008 + 0.0006 * 20) * f, c.stepSeconds(20), 0.1, "step at 20 on backend " + i);
        }
    }

    @Test
    void equalBackendsLookEqualDespiteNoise() {
        ServiceTimes times = new ServiceTimes(4);
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i < 4; i++) {
                feed(times, i, 1, 0.03, 1e-4, 0.01, 0.0005, random);
            }
        }
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int i = 0; i < 4; i++) {
            double step = times.coefficients(i).stepSeconds(10);
            lo = Math.min(lo, step);
            hi = Math.max(hi, step);
        }
        assertTrue(hi / lo < 1.05, "four equal backends should differ by noise only: " + lo + " .. " + hi);
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
        times.observeFirstByte(0, 100, 0, Double.NaN);
        times.observeFirstByte(0, -5, 0, 1);
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

    @Test
    void aFirstByteThatWaitsForRoomInTheCacheIsLearnedOnlyWhereItShows() {
        SplittableRandom random = new SplittableRandom(3);
        ServiceTimes full = new ServiceTimes(1);
        ServiceTimes roomy = new ServiceTimes(1);
        for (int k = 0; k < 400; k++) {
            double ahead = random.nextDouble(10_000);
            double held = random.nextDouble(60_000);
            double noise = 1 + (random.nextDouble() - 0.5) * 0.1;
            full.observeFirstByte(0, ahead, held, (0.02 + 1e-4 * ahead + 2e-5 * held) * noise);
            roomy.observeFirstByte(0, ahead, held, (0.02 + 1e-4 * ahead) * noise);
        }
        assertNear(2e-5, full.coefficients(0).kvSecondsPerToken(), 0.15, "wait per token held");
        assertNear(1e-4, full.coefficients(0).prefillSecondsPerToken(), 0.15, "prefill beside it");
        assertTrue(roomy.coefficients(0).kvSecondsPerToken() < 2e-6, "no wait for room where there is none: "
                                                                     + roomy.coefficients(0));
    }
}
