package dev.tokenlb.engine;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scraping state of one backend. Fields other than the atomics and volatiles are touched only by the scrape that
 * holds {@link #inFlight}; releasing it last publishes them to the next scrape.
 */
final class BackendScrape {

    final URI uri;
    final EngineKind forced;
    final AtomicBoolean inFlight = new AtomicBoolean();
    final AtomicLong failures = new AtomicLong();
    final CounterRate promptRate;
    final CounterRate generationRate;
    volatile ScrapeState state;
    /** With no metrics, no scrape before this instant (nanos); 0 when due every interval. */
    volatile long notBeforeNanos;
    /** Whether the current failure streak was logged already. */
    boolean streakLogged;
    EngineKind lastKind;

    BackendScrape(URI uri, EngineKind forced, long rateWindowNanos) {
        this.uri = uri;
        this.forced = forced;
        this.promptRate = new CounterRate(rateWindowNanos);
        this.generationRate = new CounterRate(rateWindowNanos);
        this.state = uri == null ? ScrapeState.DISABLED : ScrapeState.UNKNOWN;
    }

    boolean due(long now) {
        long notBefore = notBeforeNanos;
        return uri != null && (notBefore == 0 || now - notBefore >= 0);
    }

    void rates(EngineSample sample) {
        if (sample.engine() != lastKind) {
            // another engine answers on this address now: its counters are not the old ones
            promptRate.forget();
            generationRate.forget();
            lastKind = sample.engine();
        }
        promptRate.observe(sample.promptTokens(), sample.takenNanos());
        generationRate.observe(sample.generationTokens(), sample.takenNanos());
    }

    void forgetRates() {
        promptRate.forget();
        generationRate.forget();
        lastKind = null;
    }
}
