package dev.tokenlb.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tokenlb.ledger.Target;

/**
 * Asks each backend {@code GET <url><path>} every interval; a 2xx answer in time is a success, anything else a
 * failure, both fed to {@link BackendHealth}. So a backend that died while idle is ejected before a request finds
 * out, and an ejected one that answers again gets its trial at once. One probe per backend at a time; probes are
 * asynchronous and hold no thread while they wait.
 * <p>
 * Thread-safe.
 */
public final class ActiveProbe {

    private final List<Target> targets;
    private final BackendHealth health;
    private final String path;
    private final long intervalMillis;
    private final Duration timeout;
    private final AtomicBoolean[] inFlight;
    private final HttpClient client;
    private volatile ScheduledFuture<?> task;

    /**
     * @param targets the backends, in ledger order; those without a URL (Camel outputs) are not probed
     * @param path    such as {@code /health} or {@code /v1/models}
     */
    public ActiveProbe(List<Target> targets, BackendHealth health, String path, long intervalMillis,
                       long timeoutMillis) {
        if (intervalMillis <= 0 || timeoutMillis <= 0) {
            throw new IllegalArgumentException("probe interval and timeout must be > 0 ms, were " + intervalMillis
                                               + " and " + timeoutMillis);
        }
        this.targets = List.copyOf(targets);
        this.health = health;
        this.path = path.startsWith("/") ? path : "/" + path;
        this.intervalMillis = intervalMillis;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.inFlight = new AtomicBoolean[targets.size()];
        for (int i = 0; i < inFlight.length; i++) {
            inFlight[i] = new AtomicBoolean();
        }
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts probing on the scheduler, first after one interval. */
    public void start(ScheduledExecutorService scheduler) {
        task = scheduler.scheduleWithFixedDelay(this::probeAll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** One round: a probe to every backend whose previous probe has ended. */
    public void probeAll() {
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            if (target.url() != null && inFlight[i].compareAndSet(false, true)) {
                probe(i, target);
            }
        }
    }

    private void probe(int index, Target target) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            inFlight[index].set(false);
            health.probeFailed(index);
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight[index].set(false);
            if (failure == null && response.statusCode() / 100 == 2) {
                health.probeSucceeded(index);
            } else {
                health.probeFailed(index);
            }
        });
    }
}
