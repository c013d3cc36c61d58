package dev.tokenlb.sim;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Several simulated backends in one process on one Vert.x, each on its own event loop (while there are loops: at most
 * two per core) with its own engine, speed and faults. Backend {@code i} is named "NAME-i" ("sim-i" by default) and
 * listens on {@code port + i} if the base configuration names a port, else on an ephemeral port.
 * Thread-safe; start and close block, so call them off Vert.x threads.
 *
 * <pre>
 * try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(2.0, 1.0, 1.0, 0.5)) {
 *     List&lt;String&gt; urls = cluster.baseUrls();
 * }
 * </pre>
 */
public final class SimulatedLlmCluster implements AutoCloseable {

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final List<SimulatedLlmServer> backends;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatedLlmCluster(Vertx vertx, boolean ownsVertx, List<SimulatedLlmServer> backends) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.backends = List.copyOf(backends);
    }

    /** {@code n} backends with the default configuration and speed 1. */
    public static SimulatedLlmCluster start(int n) {
        return start(SimulatorConfig.defaults(), n);
    }

    /** {@code n} backends of the given configuration. */
    public static SimulatedLlmCluster start(SimulatorConfig base, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 backend, was " + n);
        }
        double[] speeds = new double[n];
        Arrays.fill(speeds, base.speed());
        return start(base, speeds);
    }

    /** One default backend per speed. */
    public static SimulatedLlmCluster start(double... speeds) {
        return start(SimulatorConfig.defaults(), speeds);
    }

    /** One backend per speed, otherwise configured as {@code base}, on a Vert.x of the cluster's own. */
    public static SimulatedLlmCluster start(SimulatorConfig base, double... speeds) {
        int cores = Runtime.getRuntime().availableProcessors();
        Vertx vertx = SimulatedLlmServer.newVertx(Math.max(1, Math.min(speeds.length, 2 * cores)));
        return start(vertx, true, base, speeds);
    }

    /** One backend per speed on a shared Vert.x, which {@link #close()} leaves open. */
    public static SimulatedLlmCluster start(Vertx vertx, SimulatorConfig base, double... speeds) {
        return start(vertx, false, base, speeds);
    }

    private static SimulatedLlmCluster start(Vertx vertx, boolean ownsVertx, SimulatorConfig base, double[] speeds) {
        if (speeds.length < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 backend (one speed each)");
        }
        List<SimulatedLlmServer> started = new ArrayList<>();
        try {
            for (int i = 0; i < speeds.length; i++) {
                SimulatorConfig config = base.toBuilder()
                        .speed(speeds[i])
                        .port(base.port() == 0 ? 0 : base.port() + i)
                        .name((base.name() == null ? "sim" : base.name()) + "-" + i)
                        .build();
                started.add(new SimulatedLlmServer(vertx, config).start());
            }
        } catch (RuntimeException e) {
            new SimulatedLlmCluster(vertx, ownsVertx, started).close();
            throw e;
        }
        return new SimulatedLlmCluster(vertx, ownsVertx, started);
    }

    public List<SimulatedLlmServer> backends() {
        return backends;
    }

    public SimulatedLlmServer backend(int index) {
        return backends.get(index);
    }

    public int size() {
        return backends.size();
    }

    /** {@code http://127.0.0.1:PORT} of each backend, in order. */
    public List<String> baseUrls() {
        List<String> urls = new ArrayList<>(backends.size());
        for (SimulatedLlmServer backend : backends) {
            urls.add(backend.baseUrl());
        }
        return urls;
    }

    /** Closes every backend, then the Vert.x if the cluster created it. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (SimulatedLlmServer backend : backends) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (ownsVertx) {
            Blocking.await(vertx.close(), "close Vert.x");
        }
        if (failure != null) {
            throw failure;
        }
    }
}
