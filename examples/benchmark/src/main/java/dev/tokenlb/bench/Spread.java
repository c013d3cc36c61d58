package dev.tokenlb.bench;

import java.util.Arrays;

/** Median, minimum and maximum of one figure over the repeats of a point (all equal with one repeat). Immutable. */
record Spread(double median, double min, double max) {

    static Spread of(double[] values) {
        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (finite.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        return new Spread(Percentiles.median(finite), Arrays.stream(finite).min().getAsDouble(),
                Arrays.stream(finite).max().getAsDouble());
    }
}
