package dev.tokenlb.cost;

/**
 * An exponentially weighted least-squares fit of {@code y = intercept + slope * x}, for calibration from a stream of
 * observations: each new sample weighs 1, older ones decay by {@code 1 - alpha} per sample, so the fit follows a
 * backend that changes (a model swapped, a GPU throttled) within about {@code 1 / alpha} samples.
 * <p>
 * Both coefficients are kept non-negative (times never shrink with more work): when the data give a negative slope or
 * intercept (noise), or cannot tell a slope (every x alike), the fit is the line through the origin, so the estimate
 * still grows with the load. Not thread-safe: the owner synchronizes.
 */
final class LinearFit {

    private final double alpha;
    private double w;
    private double sx;
    private double sy;
    private double sxx;
    private double sxy;
    private long samples;

    LinearFit(double alpha) {
        this.alpha = alpha;
    }

    void add(double x, double y) {
        double keep = 1 - alpha;
        w = w * keep + 1;
        sx = sx * keep + x;
        sy = sy * keep + y;
        sxx = sxx * keep + x * x;
        sxy = sxy * keep + x * y;
        samples++;
    }

    long samples() {
        return samples;
    }

    /** {intercept, slope}; only meaningful once there are samples. */
    double[] coefficients() {
        double mx = sx / w;
        double my = sy / w;
        double var = sxx / w - mx * mx;
        if (var > 1e-9 * Math.max(1, mx * mx)) {
            double slope = (sxy / w - mx * my) / var;
            double intercept = my - slope * mx;
            if (slope >= 0 && intercept >= 0) {
                return new double[] {intercept, slope};
            }
        }
        // no spread in x, or a fit against the grain (noise): y proportional to x keeps the load in the estimate
        return new double[] {0, sxx > 0 ? Math.max(0, sxy / sxx) : 0};
    }
}
