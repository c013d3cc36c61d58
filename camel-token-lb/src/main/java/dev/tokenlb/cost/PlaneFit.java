package dev.tokenlb.cost;

/**
 * An exponentially weighted least-squares fit of {@code y = a + b * x + c * z}, kept with non-negative coefficients
 * (times never shrink with more work). When the two-variable fit would give a negative coefficient (noise, or a
 * variable that does not matter there), the second variable is dropped and y is fitted on x alone ({@link LinearFit}'s
 * rules), so z only counts where the data show it does. Not thread-safe: the owner synchronizes.
 */
final class PlaneFit {

    private final double alpha;
    private final LinearFit onX;
    private double w;
    private double sx;
    private double sz;
    private double sy;
    private double sxx;
    private double szz;
    private double sxz;
    private double sxy;
    private double szy;

    PlaneFit(double alpha) {
        this.alpha = alpha;
        this.onX = new LinearFit(alpha);
    }

    void add(double x, double z, double y) {
        double keep = 1 - alpha;
        w = w * keep + 1;
        sx = sx * keep + x;
        sz = sz * keep + z;
        sy = sy * keep + y;
        sxx = sxx * keep + x * x;
        szz = szz * keep + z * z;
        sxz = sxz * keep + x * z;
        sxy = sxy * keep + x * y;
        szy = szy * keep + z * y;
        onX.add(x, y);
    }

    long samples() {
        return onX.samples();
    }

    /** {a, b, c}; only meaningful once there are samples. */
    double[] coefficients() {
        double mx = sx / w;
        double mz = sz / w;
        double my = sy / w;
        double vxx = sxx / w - mx * mx;
        double vzz = szz / w - mz * mz;
        double vxz = sxz / w - mx * mz;
        double vxy = sxy / w - mx * my;
        double vzy = szy / w - mz * my;
        double det = vxx * vzz - vxz * vxz;
        if (det > 1e-9 * Math.max(1e-300, vxx * vzz) && vxx > 0 && vzz > 0) {
            double b = (vxy * vzz - vzy * vxz) / det;
            double c = (vzy * vxx - vxy * vxz) / det;
            double a = my - b * mx - c * mz;
            if (a >= 0 && b >= 0 && c >= 0) {
                return new double[] {a, b, c};
            }
        }
        double[] line = onX.coefficients();
        return new double[] {line[0], line[1], 0};
    }
}
