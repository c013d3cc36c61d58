package dev.tokenlb.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.tokenlb.ledger.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each backend's model list ({@code GET <url><path>}, OpenAI's {@code /v1/models}) at start and every refresh
 * interval, off the request path, into {@link BackendModels}; backends with a configured list are not asked.
 * <ul>
 * <li>200 with a model list: that list.</li>
 * <li>Another answer (404: the server has no such endpoint), or a body that is not a model list: the list is unknown
 * (the backend is sent every model), logged once until the answer changes.</li>
 * <li>No answer (connection refused, timeout, 5xx): the last list found stays; a backend that is down is health's
 * business, and forgetting its models would send it requests for anything once it is back.</li>
 * </ul>
 * Thread-safe. {@link #start} runs the first round and waits for it (up to the timeout), so the first request sees the
 * lists.
 */
public final class ModelDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ModelDiscovery.class);
    /** A model list is a few KiB; more than this is not one. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final List<Target> targets;
    private final String[] authorizations;
    private final BackendModels models;
    private final String path;
    private final long refreshMillis;
    private final Duration timeout;
    private final HttpClient client;
    private final AtomicBoolean[] inFlight;
    /** The last problem logged per backend, so each is logged once until the answer changes; null when fine. */
    private final AtomicReferenceArray<String> lastProblem;
    private volatile ScheduledFuture<?> task;

    /**
     * @param authorizations per backend, the {@code Authorization} value to send (its own API key), or null
     * @param refreshMillis  time between two rounds; 0: only at start
     * @throws IllegalArgumentException for a timeout <= 0 or a negative refresh interval
     */
    public ModelDiscovery(List<Target> targets, String[] authorizations, BackendModels models, String path,
                          long refreshMillis, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("modelsTimeoutMillis must be > 0, was " + timeoutMillis);
        }
        if (refreshMillis < 0) {
            throw new IllegalArgumentException("modelsRefreshMillis must be >= 0 (0: only at start), was "
                                               + refreshMillis);
        }
        this.targets = List.copyOf(targets);
        this.authorizations = authorizations.clone();
        this.models = models;
        this.path = path.startsWith("/") ? path : "/" + path;
        this.refreshMillis = refreshMillis;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.inFlight = new AtomicBoolean[targets.size()];
        for (int i = 0; i < inFlight.length; i++) {
            inFlight[i] = new AtomicBoolean();
        }
        this.lastProblem = new AtomicReferenceArray<>(targets.size());
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** True when some backend has a URL and no configured list, so there is something to discover. */
    public static boolean needed(List<Target> targets, BackendModels models) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).url() != null && !models.isConfigured(i)) {
                return true;
            }
        }
        return false;
    }

    /** Runs a first round and waits for it up to the timeout, then refreshes every interval on the scheduler. */
    public void start(ScheduledExecutorService scheduler) {
        CompletableFuture<?> first = discoverAll();
        try {
            first.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("First model discovery round not complete; requests go on with what is known", e);
        }
        if (refreshMillis > 0) {
            task = scheduler.scheduleWithFixedDelay(this::discoverAll, refreshMillis, refreshMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    public void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** One round: asks every backend whose previous answer is in; completes when all asked have answered. */
    public CompletableFuture<Void> discoverAll() {
        CompletableFuture<?>[] rounds = new CompletableFuture<?>[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            if (target.url() == null || models.isConfigured(i) || !inFlight[i].compareAndSet(false, true)) {
                rounds[i] = CompletableFuture.completedFuture(null);
                continue;
            }
            int index = i;
            rounds[i] = discover(index, target).whenComplete((v, e) -> inFlight[index].set(false));
        }
        return CompletableFuture.allOf(rounds);
    }

    private CompletableFuture<Void> discover(int index, Target target) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(timeout).GET()
                    .header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            problem(index, "bad URL: " + e.getMessage(), true);
            return CompletableFuture.completedFuture(null);
        }
        if (authorizations[index] != null) {
            request.header("Authorization", authorizations[index]);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(response -> answered(index, response))
                .exceptionally(failure -> {
                    problem(index, "no answer (" + failure.getClass().getSimpleName() + "); keeping "
                                   + models.of(index), false);
                    return null;
                });
    }

    private void answered(int index, HttpResponse<InputStream> response) {
        String body;
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                problem(index, "answered more than " + MAX_BODY_BYTES + " bytes", true);
                return;
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problem(index, "broken answer (" + e.getMessage() + "); keeping " + models.of(index), false);
            return;
        }
        int status = response.statusCode();
        if (status >= 500) {
            problem(index, "answered " + status + "; keeping " + models.of(index), false);
            return;
        }
        if (status != 200) {
            problem(index, "answered " + status, true);
            return;
        }
        ServedModels found;
        try {
            found = ServedModels.parse(body);
        } catch (IllegalArgumentException e) {
            problem(index, "answered " + e.getMessage(), true);
            return;
        }
        ServedModels before = models.of(index);
        models.discovered(index, found);
        if (lastProblem.getAndSet(index, null) != null || !found.equals(before)) {
            LOG.info("Backend {} serves {}", targets.get(index).name(), found);
        }
    }

    /** Records a failed round; {@code forget}: the backend's list becomes unknown. Logged once per problem. */
    private void problem(int index, String what, boolean forget) {
        if (forget) {
            models.discovered(index, ServedModels.UNKNOWN);
        }
        String previous = lastProblem.getAndSet(index, what);
        if (!Objects.equals(previous, what)) {
            LOG.info("Models of backend {} at {}{}: {}{}", targets.get(index).name(), targets.get(index).url(), path,
                    what, forget ? "; it is sent every model" : "");
        }
    }
}
