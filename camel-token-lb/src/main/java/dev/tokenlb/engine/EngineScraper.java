package dev.tokenlb.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes each backend's Prometheus {@code /metrics} every interval, off any request path, and keeps the latest
 * {@link EngineSample} per backend for policies to read. Scrapes are asynchronous (no thread waits on a backend), one
 * per backend at a time, bounded in time and in body size. A backend without engine metrics (404, or none of the known
 * names) is asked again only every minute or so; a failing one (timeout, refused, garbage) is counted, logged once per
 * failure streak and otherwise ignored. Nothing here ever touches a request: a backend whose scrapes fail is balanced
 * exactly as it would be without this class.
 * <pre>
 * EngineScraper engines = EngineScraper.builder(Arrays.asList("http://10.0.0.1:8000", null))
 *         .intervalMillis(1_000).timeoutMillis(1_000).build();
 * engines.start(scheduler);
 * EngineSample s = engines.sample(0);   // null while unknown or stale
 * </pre>
 * Thread-safe; the query methods read one atomic slot and never block.
 */
public final class EngineScraper {

    public static final String DEFAULT_PATH = "/metrics";
    public static final long DEFAULT_INTERVAL_MILLIS = 1_000;
    public static final long DEFAULT_TIMEOUT_MILLIS = 1_000;
    public static final long DEFAULT_NO_METRICS_RECHECK_MILLIS = 60_000;
    public static final long DEFAULT_RATE_WINDOW_MILLIS = 5_000;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EngineScraper.class);

    private final BackendScrape[] backends;
    private final AtomicReferenceArray<EngineSample> latest;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final long staleNanos;
    private final long recheckNanos;
    private final int maxBodyBytes;
    private final LongSupplier clock;
    private final Consumer<ScrapeReport> listener;
    private final Consumer<String> warnings;
    private final AtomicBoolean listenerFailed = new AtomicBoolean();
    private final HttpClient client;
    private ScheduledFuture<?> task;

    EngineScraper(EngineScraperBuilder b) {
        this.intervalMillis = b.intervalMillis;
        this.timeoutMillis = b.timeoutMillis;
        long staleMillis = b.staleAfterMillis > 0 ? b.staleAfterMillis : 3 * b.intervalMillis;
        this.staleNanos = TimeUnit.MILLISECONDS.toNanos(staleMillis);
        this.recheckNanos = TimeUnit.MILLISECONDS.toNanos(b.noMetricsRecheckMillis);
        this.maxBodyBytes = b.maxBodyBytes;
        this.clock = b.nanoClock;
        this.listener = b.listener;
        this.warnings = b.warnings != null ? b.warnings : LOG::warn;
        this.backends = new BackendScrape[b.baseUrls.size()];
        for (int i = 0; i < backends.length; i++) {
            backends[i] = new BackendScrape(b.metricsUri(i), b.forced.get(i),
                    TimeUnit.MILLISECONDS.toNanos(b.rateWindowMillis));
        }
        this.latest = new AtomicReferenceArray<>(backends.length);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** @param baseUrls one per backend, in balancer order; a null entry is not an HTTP backend and is never scraped */
    public static EngineScraperBuilder builder(List<String> baseUrls) {
        return new EngineScraperBuilder(baseUrls);
    }

    /** Starts scraping on the scheduler: a first round at once, then one every interval. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        if (task != null) {
            throw new IllegalStateException("engine scraper already started");
        }
        task = scheduler.scheduleWithFixedDelay(this::scrapeRound, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /**
     * One round: a scrape of every backend that is due and whose previous scrape has ended. Returns at once; the
     * future completes when the scrapes started here have finished (handy in tests; the schedule ignores it).
     */
    public CompletableFuture<Void> scrapeAll() {
        long now = clock.getAsLong();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (int i = 0; i < backends.length; i++) {
            BackendScrape b = backends[i];
            if (b.due(now) && b.inFlight.compareAndSet(false, true)) {
                started.add(scrape(i, b));
            }
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    public int size() {
        return backends.length;
    }

    /** The backend's latest sample, or null when there is none or it is older than the staleness bound. */
    public EngineSample sample(int backend) {
        EngineSample s = latest.get(backend);
        return s != null && clock.getAsLong() - s.takenNanos() <= staleNanos ? s : null;
    }

    /** Milliseconds since the backend's latest sample was taken, stale or not; -1 when there is none. */
    public long ageMillis(int backend) {
        EngineSample s = latest.get(backend);
        return s == null ? -1 : TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - s.takenNanos());
    }

    /** Failed scrapes of the backend so far (timeouts, refused connections, error statuses, garbage). */
    public long failures(int backend) {
        return backends[backend].failures.get();
    }

    public ScrapeState state(int backend) {
        return backends[backend].state;
    }

    /** Generated tokens per second, smoothed, from the engine's counter; NaN when unknown or stale. */
    public double generationTokensPerSecond(int backend) {
        return sample(backend) == null ? Double.NaN : backends[backend].generationRate.perSecond();
    }

    /** Prompt tokens per second, smoothed, from the engine's counter; NaN when unknown or stale. */
    public double promptTokensPerSecond(int backend) {
        return sample(backend) == null ? Double.NaN : backends[backend].promptRate.perSecond();
    }

    private void scrapeRound() {
        try {
            scrapeAll();
        } catch (RuntimeException e) {
            // a throw would end the schedule
            LOG.warn("Engine metrics round failed; the next one runs as scheduled", e);
        }
    }

    private CompletableFuture<Void> scrape(int index, BackendScrape b) {
        long started = clock.getAsLong();
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<BoundedBody.Bytes>> sent;
        try {
            HttpRequest request = HttpRequest.newBuilder(b.uri).timeout(Duration.ofMillis(timeoutMillis))
                    .header("Accept", "text/plain;version=0.0.4;q=1.0,*/*;q=0.1").GET().build();
            sent = client.sendAsync(request, BoundedBody.handler(maxBodyBytes, body));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<BoundedBody.Bytes>> exchange = sent;
        // the request timeout covers the wait for headers only; this deadline covers a body that trickles too
        return exchange.copy().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).handle((response, failure) -> {
            if (failure != null && ScrapeFailures.unwrap(failure) instanceof TimeoutException) {
                exchange.cancel(true);
                BoundedBody reading = body.get();
                if (reading != null) {
                    reading.abort(ScrapeFailures.unwrap(failure));
                }
            }
            finish(index, b, started, response, failure);
            return null;
        });
    }

    private void finish(int index, BackendScrape b, long started, HttpResponse<BoundedBody.Bytes> response,
                        Throwable failure) {
        try {
            ScrapeReport report = failure != null ? failed(index, b, started, ScrapeFailures.describe(failure, timeoutMillis), 0, 0)
                    : read(index, b, started, response);
            notify(report);
        } catch (RuntimeException e) {
            LOG.warn("Reading the engine metrics of {} failed", b.uri, e);
        } finally {
            b.inFlight.set(false); // last: publishes this scrape's state to the next one
        }
    }

    private ScrapeReport read(int index, BackendScrape b, long started, HttpResponse<BoundedBody.Bytes> response) {
        int status = response.statusCode();
        BoundedBody.Bytes body = response.body();
        if (status == 404 || status == 405 || status == 410 || status == 501) {
            return noMetrics(index, b, started, "HTTP " + status, body.length(), 0);
        }
        if (status / 100 != 2) {
            return failed(index, b, started, "HTTP " + status, body.length(), 0);
        }
        EngineAdapter forced = b.forced == null ? null : EngineAdapters.of(b.forced);
        ParsedMetrics parsed = PrometheusText.parse(body.data(), body.length(), body.truncated(),
                forced == null ? EngineAdapters.ALL_NAMES : forced.names());
        EngineAdapter adapter = forced != null ? forced : EngineAdapters.detect(parsed);
        if (adapter == null || adapter.score(parsed) == 0) {
            if (parsed.garbageLines() > parsed.samples()) {
                return failed(index, b, started, "not Prometheus text (" + parsed.garbageLines()
                                                 + " malformed lines)", body.length(), parsed.garbageLines());
            }
            return noMetrics(index, b, started, "none of the known engine metrics", body.length(), 0);
        }
        long now = clock.getAsLong();
        EngineSample sample = adapter.sample(parsed, now);
        latest.set(index, sample);
        b.rates(sample);
        b.notBeforeNanos = 0;
        if (b.streakLogged) {
            LOG.info("Engine metrics of {} answer again ({})", b.uri, sample.engine());
        }
        b.streakLogged = false;
        b.state = ScrapeState.OK;
        return new ScrapeReport(index, ScrapeState.OK, sample, null, now - started, body.length(),
                parsed.garbageLines(), parsed.truncated());
    }

    private ScrapeReport failed(int index, BackendScrape b, long started, String problem, int bytes, int garbage) {
        b.failures.incrementAndGet();
        b.notBeforeNanos = 0;
        b.state = ScrapeState.FAILING;
        if (!b.streakLogged) {
            b.streakLogged = true;
            warnings.accept("Engine metrics of backend " + index + " at " + b.uri + " failed: " + problem
                            + "; ignored, and not logged again until a scrape succeeds");
        }
        // the latest sample stays: it goes stale on its own, one lost scrape should not blind a policy
        return new ScrapeReport(index, ScrapeState.FAILING, null, problem, clock.getAsLong() - started, bytes, garbage,
                false);
    }

    private ScrapeReport noMetrics(int index, BackendScrape b, long started, String problem, int bytes, int garbage) {
        long now = clock.getAsLong();
        if (b.state != ScrapeState.NO_METRICS) {
            LOG.info("No engine metrics at {} ({}); asking again every {} s", b.uri, problem,
                    TimeUnit.NANOSECONDS.toSeconds(recheckNanos));
        }
        latest.set(index, null);
        b.forgetRates();
        b.streakLogged = false;
        b.notBeforeNanos = now + recheckNanos;
        b.state = ScrapeState.NO_METRICS;
        return new ScrapeReport(index, ScrapeState.NO_METRICS, null, problem, now - started, bytes, garbage, false);
    }

    private void notify(ScrapeReport report) {
        if (listener == null) {
            return;
        }
        try {
            listener.accept(report);
        } catch (RuntimeException e) {
            if (listenerFailed.compareAndSet(false, true)) {
                LOG.warn("Engine scrape listener failed; later failures of it are not logged", e);
            }
        }
    }
}
