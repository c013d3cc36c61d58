package dev.tokenlb.balance;

import dev.tokenlb.cost.ServiceTimes;
import dev.tokenlb.engine.EngineKind;
import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineDecodeTest {

    private static final double NAN = Double.NaN;

    /** A good scrape of backend i: {@code running} sequences, the ITL histogram at (sum, count). */
    private static ScrapeReport scrape(int i, double running, double itlSum, double itlCount) {
        EngineSample s = new EngineSample(EngineKind.VLLM, 0, running, 0, 0.1, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                NAN, NAN, itlSum, itlCount, NAN, NAN);
        return new ScrapeReport(i, ScrapeState.OK, s, null, 1_000_000, 100, 0, false);
    }

    @Test
    void aBackendWhoseEngineDecodesTwiceAsSlowlyIsCalibratedTwiceAsSlowFromItsMetricsAlone() {
        ServiceTimes times = new ServiceTimes(2);
        EngineDecode decode = new EngineDecode(times);
        double[] sum = new double[2];
        double[] count = new double[2];
        for (int window = 0; window <= 30; window++) {
            for (int i = 0; i < 2; i++) {
                decode.scraped(scrape(i, 8, sum[i], count[i]));
                sum[i] += 100 * (i == 0 ? 0.02 : 0.04); // 100 tokens a window, at 20 or 40 ms each
                count[i] += 100;
            }
        }
        assertEquals(30, times.samples(0)[1], "one decode sample per window after the first scrape");
        double ratio = times.coefficients(1).stepSeconds(8) / times.coefficients(0).stepSeconds(8);
        assertEquals(2.0, ratio, 0.05);
        assertEquals(0.02, times.coefficients(0).stepSeconds(8), 0.002, "the shared shape follows the engines");
    }

    @Test
    void aSmallWindowWaitsForMoreTokensAndARestartedEngineStartsAfresh() {
        ServiceTimes times = new ServiceTimes(1);
        EngineDecode decode = new EngineDecode(times);
        decode.scraped(scrape(0, 4, 1.0, 50));
        decode.scraped(scrape(0, 4, 1.2, 60)); // 10 tokens: too few
        assertEquals(0, times.samples(0)[1]);
        decode.scraped(scrape(0, 4, 2.0, 100)); // 50 tokens since the window began
        assertEquals(1, times.samples(0)[1]);

        decode.scraped(scrape(0, 4, 0.1, 5)); // the counters went down: a restart, no sample
        assertEquals(1, times.samples(0)[1]);
        decode.scraped(scrape(0, 4, 0.9, 45));
        assertEquals(2, times.samples(0)[1]);
    }

    @Test
    void failedScrapesEnginesWithoutTheHistogramAndIdleEnginesGiveNoSample() {
        ServiceTimes times = new ServiceTimes(1);
        EngineDecode decode = new EngineDecode(times);
        decode.scraped(scrape(0, 4, NAN, NAN));
        decode.scraped(scrape(0, 4, NAN, NAN));
        decode.scraped(new ScrapeReport(0, ScrapeState.FAILING, null, "HTTP 500", 1, 0, 0, false));
        decode.scraped(scrape(0, 0, 0, 0));
        decode.scraped(scrape(0, 0, 0, 0)); // nothing decoded in the window
        assertEquals(0, times.samples(0)[1]);
    }
}
