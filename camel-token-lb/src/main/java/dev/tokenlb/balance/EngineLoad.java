package dev.tokenlb.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.EngineScraper;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;

/**
 * The load other clients put on each target, reconciled from the engine's own metrics with this balancer's ledger:
 * at each scrape, the engine's requests (running and waiting) less this balancer's requests in flight there at that
 * moment are other clients' (never below 0); with a shared ledger, other replicas' requests there (as last synced) are
 * not foreign either: picks count them already. That foreign load is assumed to stay until the next scrape, while this
 * balancer's own load is read live from the ledger; so between scrapes the estimate is "the engine at the last scrape
 * plus what we sent since, less what we finished since". A stale or missing sample (the engine does not report, or
 * stopped answering) counts as no foreign load: the target is then seen through the ledger alone, as without metrics.
 * <p>
 * Thread-safe: each scrape publishes one immutable reading per target; reads take no lock.
 */
final class EngineLoad implements ForeignLoad {

    /** One target's reconciled reading at its last good scrape. */
    record Reading(double requests, double waiting, double meanPrompt, double meanHeld) {
    }

    private final TokenLedger ledger;
    private final EngineScraper scraper;
    private final AtomicReferenceArray<Reading> readings;

    EngineLoad(TokenLedger ledger, EngineScraper scraper) {
        this.ledger = ledger;
        this.scraper = scraper;
        this.readings = new AtomicReferenceArray<>(ledger.size());
    }

    /** Reads the engines' metrics of the targets that have a URL; null when none has one. */
    static EngineLoad create(BalancerSettings settings, List<Target> targets, TokenLedger ledger,
                                         Consumer<ScrapeReport> also) {
        List<String> urls = new ArrayList<>(targets.size());
        boolean any = false;
        for (Target t : targets) {
            urls.add(t.url());
            any |= t.url() != null;
        }
        if (!any) {
            return null;
        }
        EngineLoad[] load = new EngineLoad[1];
        EngineScraper scraper = EngineScraper.builder(urls).path(settings.engineMetrics().trim())
                .intervalMillis(settings.engineIntervalMillis()).timeoutMillis(settings.engineTimeoutMillis())
                .listener(report -> {
                    load[0].scraped(report);
                    also.accept(report);
                }).build();
        load[0] = new EngineLoad(ledger, scraper);
        return load[0];
    }

    /** The scraper's listener: reconcile a good sample with the ledger as it is now. */
    void scraped(ScrapeReport report) {
        EngineSample sample = report.sample();
        int i = report.backend();
        if (report.state() != ScrapeState.OK || sample == null || i < 0 || i >= readings.length()) {
            return;
        }
        double running = orZero(sample.running());
        double waiting = orZero(sample.waiting());
        if (Double.isNaN(sample.running()) && Double.isNaN(sample.waiting())) {
            readings.set(i, null); // the engine reports no queue: nothing to reconcile
            return;
        }
        ledger.expirePrefills(System.nanoTime());
        int ours = ledger.inflightRequests(i);
        int replicas = ledger.peers().requests(i);
        int oursPending = ledger.pendingRequests(i);
        long pendingTokens = ledger.pendingPrefillTokens(i);
        double meanPrompt = oursPending > 0 ? (double) pendingTokens / oursPending : meanPrompt(i);
        long held = ledger.inflightTokens(i);
        double meanHeld = ours > 0 ? (double) held / ours : meanHeld(i);
        readings.set(i, new Reading(Math.max(0, running + waiting - ours - replicas), Math.max(0, waiting - oursPending),
                meanPrompt, meanHeld));
    }

    private double meanPrompt(int i) {
        Reading before = readings.get(i);
        return before == null ? 0 : before.meanPrompt();
    }

    private double meanHeld(int i) {
        Reading before = readings.get(i);
        return before == null ? 0 : before.meanHeld();
    }

    private static double orZero(double v) {
        return Double.isNaN(v) || v < 0 ? 0 : v;
    }

    /** The reading of target i if its sample is fresh, else null. */
    Reading reading(int i) {
        Reading r = readings.get(i);
        return r != null && scraper.sample(i) != null ? r : null;
    }

    @Override
    public double requests(int index) {
        Reading r = reading(index);
        return r == null ? 0 : r.requests();
    }

    @Override
    public double prefillTokens(int index) {
        Reading r = reading(index);
        return r == null ? 0 : r.waiting() * r.meanPrompt();
    }

    /** Other clients' requests priced at this balancer's mean tokens held per request on the target. */
    @Override
    public double tokens(int index) {
        Reading r = reading(index);
        return r == null ? 0 : r.requests() * r.meanHeld();
    }

    EngineScraper scraper() {
        return scraper;
    }
}
