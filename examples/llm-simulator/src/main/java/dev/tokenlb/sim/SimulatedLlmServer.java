package dev.tokenlb.sim;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * One simulated OpenAI-compatible backend: an HTTP server on {@code host:port} in front of one {@link BatchingEngine}
 * ("GPU"). Faults and speed can be changed while it runs and apply to requests arriving afterwards (speed: to the next
 * engine step). {@link #stop()} closes the port and every open connection; {@link #start()} again serves on the same
 * port, with the same stats and faults. Thread-safe; start/stop/close block, so call them off Vert.x threads.
 *
 * <pre>
 * try (SimulatedLlmServer backend = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.1).build())) {
 *     backend.setFailureStatus(503);
 *     http.send(POST(backend.baseUrl() + "/v1/chat/completions") ...);
 * }
 * </pre>
 */
public final class SimulatedLlmServer implements AutoCloseable {

    private final SimulatorConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final FaultInjection faults = new FaultInjection();
    private final SimulatorStats stats = new SimulatorStats();
    private volatile double speed;
    private volatile boolean metricsEnabled;
    private volatile ModelList models;
    private final Map<String, LongAdder> modelRequests = new ConcurrentHashMap<>();
    /** Key of {@link #requestsFor} counting requests refused for naming a model this backend does not serve. */
    public static final String WRONG_MODEL = "";
    private volatile int port;
    private volatile SimulatorVerticle verticle;
    private String deploymentId;
    private boolean closed;

    /** A backend with a Vert.x of its own (one event loop), closed by {@link #close()}. */
    public SimulatedLlmServer(SimulatorConfig config) {
        this(newVertx(1), config, true);
    }

    /** A backend on a shared Vert.x, which {@link #close()} leaves open. */
    public SimulatedLlmServer(Vertx vertx, SimulatorConfig config) {
        this(vertx, config, false);
    }

    private SimulatedLlmServer(Vertx vertx, SimulatorConfig config, boolean ownsVertx) {
        this.config = config;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.speed = config.speed();
        this.metricsEnabled = config.metricsEnabled();
        this.models = config.models() == null ? ModelList.lenient(config.modelId()) : ModelList.parse(config.models());
        this.port = config.port();
    }

    /** Creates and starts a backend with a Vert.x of its own. */
    public static SimulatedLlmServer start(SimulatorConfig config) {
        SimulatedLlmServer server = new SimulatedLlmServer(config);
        try {
            return server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Binds and starts serving; a no-op if running. Restarts on the port bound before, if there was one. */
    public synchronized SimulatedLlmServer start() {
        if (closed) {
            throw new IllegalStateException("closed; create a new SimulatedLlmServer");
        }
        if (verticle != null) {
            return this;
        }
        PromptTokenCounter.warmUp(); // here, not on the event loop of the first request
        SimulatorVerticle fresh = new SimulatorVerticle(config, port, speed, faults, stats, () -> metricsEnabled,
                () -> models, modelRequests);
        deploymentId = Blocking.await(vertx.deployVerticle(fresh), "start simulated backend on port " + port);
        port = fresh.boundPort();
        verticle = fresh;
        return this;
    }

    /** Stops serving: the port closes, open requests are cut off and counted as cancelled. A no-op if stopped. */
    public synchronized void stop() {
        if (verticle != null) {
            verticle = null;
            Blocking.await(vertx.undeploy(deploymentId), "stop simulated backend on port " + port);
        }
    }

    /** Stops, and closes the Vert.x if this backend created it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            if (ownsVertx) {
                Blocking.await(vertx.close(), "close Vert.x");
            }
        }
    }

    public boolean isRunning() {
        return verticle != null;
    }

    /** The bound port once started (kept after {@link #stop()} for a restart); before, the configured one. */
    public int port() {
        return port;
    }

    /** {@code http://HOST:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port;
    }

    /** The configured name, else "sim-PORT"; also sent in the {@code x-sim-backend} header. */
    public String name() {
        return config.name() != null ? config.name() : "sim-" + port;
    }

    public SimulatorConfig config() {
        return config;
    }

    public SimulatorStats stats() {
        return stats;
    }

    /** The number of tokens this backend generates for a chat or completions body; see {@link OutputLengthModel}. */
    public int outputTokensFor(String requestBody) {
        return config.outputLengths().outputTokensForRequestBody(requestBody);
    }

    /** Answers every request (health and models too) with this status and an OpenAI error body; 0 = off. */
    public void setFailureStatus(int status) {
        faults.setFailureStatus(status);
    }

    /** With a failure status on, also sends {@code Retry-After: seconds}; 0 = no header. */
    public void setRetryAfterSeconds(int seconds) {
        faults.setRetryAfterSeconds(seconds);
    }

    /**
     * Holds each new generation request this many literal milliseconds (not scaled by {@code timeScale}) before it
     * enters the engine queue; a stream's headers go out at once. 0 = off.
     */
    public void setStallBeforeFirstTokenMillis(long millis) {
        faults.setStallBeforeFirstTokenMillis(millis);
    }

    /** Closes each new request's connection after this many generated tokens, if it would have more; 0 = off. */
    public void setDropMidStreamAfterTokens(int tokens) {
        faults.setDropAfterTokens(tokens);
    }

    /** Serves {@code GET /metrics} (vLLM's Prometheus text) or answers it 404, as a backend without metrics. */
    public void setMetricsEnabled(boolean enabled) {
        this.metricsEnabled = enabled;
    }

    public boolean metricsEnabled() {
        return metricsEnabled;
    }

    /**
     * Serves exactly these models from now on ({@code GET /v1/models} lists them; a request for another gets vLLM's
     * 404), such as {@code llama-3-70b,sql-lora@llama-3-70b} (an adapter as {@code id@parent}).
     */
    public void setModels(String spec) {
        this.models = ModelList.parse(spec);
    }

    /**
     * Reports these LoRA adapters as running in {@code GET /metrics} (vLLM's {@code vllm:lora_requests_info}), the
     * engine holding at most {@code maxLora}; none: the family is not written.
     */
    public void setActiveAdapters(int maxLora, String... adapters) {
        this.models = models.withActiveAdapters(List.of(adapters), maxLora);
    }

    public ModelList models() {
        return models;
    }

    /**
     * Generation requests accepted for the model (as named, or the first listed when unnamed); for
     * {@link #WRONG_MODEL}, requests refused because this backend does not serve their model.
     */
    public long requestsFor(String model) {
        LongAdder n = modelRequests.get(model);
        return n == null ? 0 : n.sum();
    }

    /** Switches every fault off. */
    public void clearFaults() {
        faults.clear();
    }

    /** Changes the throughput factor from the next engine step on; survives a restart. */
    public synchronized void setSpeed(double speed) {
        SimulatorConfig.Builder.requireSpeed(speed);
        this.speed = speed;
        SimulatorVerticle current = verticle;
        if (current != null) {
            current.setSpeed(speed);
        }
    }

    public double speed() {
        return speed;
    }

    @Override
    public String toString() {
        return "SimulatedLlmServer[" + name() + " " + baseUrl() + ", speed=" + speed + (isRunning() ? "" : ", stopped")
                + "]";
    }

    /** A Vert.x for simulators only: no file caching, no class-path resolving, nothing written to disk. */
    static Vertx newVertx(int eventLoops) {
        return Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    }
}
