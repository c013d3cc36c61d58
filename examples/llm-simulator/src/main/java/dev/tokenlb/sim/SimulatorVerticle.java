package dev.tokenlb.sim;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One backend inside Vert.x: its HTTP server and its engine share the verticle's event loop, so the engine needs no
 * locks and no thread of its own. Undeploying it stops the engine and closes the server and its connections.
 * Deployed and undeployed by {@link SimulatedLlmServer}; confined to its event loop except {@link #boundPort()}.
 */
final class SimulatorVerticle extends AbstractVerticle {

    private final SimulatorConfig config;
    private final int port;
    private final double speed;
    private final FaultInjection faults;
    private final SimulatorStats stats;
    private final BooleanSupplier metricsEnabled;
    private final Supplier<ModelList> models;
    private final Map<String, LongAdder> modelRequests;
    private volatile BatchingEngine engine;
    private volatile int boundPort = -1;

    SimulatorVerticle(SimulatorConfig config, int port, double speed, FaultInjection faults, SimulatorStats stats,
                      BooleanSupplier metricsEnabled, Supplier<ModelList> models,
                      Map<String, LongAdder> modelRequests) {
        this.config = config;
        this.port = port;
        this.speed = speed;
        this.faults = faults;
        this.stats = stats;
        this.metricsEnabled = metricsEnabled;
        this.models = models;
        this.modelRequests = modelRequests;
    }

    @Override
    public void start(Promise<Void> started) {
        engine = new BatchingEngine(config, new VertxEngineClock(vertx), stats);
        engine.setSpeed(speed);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setHttp2ClearTextEnabled(false) // HTTP/1.1 only, like vLLM's uvicorn; h2c changes cancel semantics
                .setAcceptBacklog(4096) // bursts of thousands of new streams
                .setHandle100ContinueAutomatically(true) // curl sends Expect: 100-continue for larger bodies
                .setReuseAddress(true); // restart on the same port
        if (config.socketSendBufferBytes() > 0) {
            options.setSendBufferSize(config.socketSendBufferBytes());
        }
        vertx.createHttpServer(options)
                .requestHandler(new ApiHandler(vertx, config, engine, faults, stats, metricsEnabled, models,
                        modelRequests))
                .listen()
                .onSuccess(server -> {
                    boundPort = server.actualPort();
                    started.complete();
                })
                .onFailure(started::fail);
    }

    @Override
    public void stop() {
        engine.shutdown();
    }

    int boundPort() {
        return boundPort;
    }

    /** Any thread. */
    void setSpeed(double speed) {
        BatchingEngine current = engine;
        if (current != null) {
            current.setSpeed(speed);
        }
    }
}
