package dev.tokenlb.overhead;

/**
 * What a hop adds over calling the backend directly, at the same rate in the same rounds: the difference of the two
 * distributions' percentiles (the requests are not paired, so this is not a percentile of per-request differences).
 * Milliseconds. Immutable.
 */
record AddedLatency(String contender, int rate, double p50Ms, double p99Ms, double meanMs) {

    static AddedLatency of(ContenderStats hop, ContenderStats direct) {
        if (hop.rate() != direct.rate()) {
            throw new IllegalArgumentException("compare at the same rate: " + hop.rate() + " vs " + direct.rate());
        }
        return new AddedLatency(hop.contender(), hop.rate(), hop.p50Ms() - direct.p50Ms(),
                                hop.p99Ms() - direct.p99Ms(), hop.meanMs() - direct.meanMs());
    }

    /**
     * {@code mine / reference}, or NaN when the reference added nothing measurable (at or below {@code floorMs}): a
     * ratio to a difference within the noise means nothing.
     */
    static double ratio(double mine, double reference, double floorMs) {
        return reference > floorMs ? mine / reference : Double.NaN;
    }
}
