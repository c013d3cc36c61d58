package dev.tokenlb.gateway.config;

import java.util.function.BiConsumer;

import dev.tokenlb.sim.SimulatedLlmCluster;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Runs a gateway in camel-main until the JVM stops: resolves the {@code tokenlb.*} settings, refuses a busy port,
 * starts {@code tokenlb.embedded-backends} simulated backends on loopback when no {@code tokenlb.backends} are set,
 * wires the context with {@link GatewaySetup} before routes are configured, and closes the simulated backends at
 * the end. The routes themselves come from the {@link Main} given (YAML patterns or route builders).
 */
public final class GatewayLauncher {

    private GatewayLauncher() {
    }

    /**
     * @param main    a camel-main configured with the gateway's routes
     * @param args    command-line arguments for camel-main
     * @param started called once the routes run, with the settings in force and whether the backends are embedded
     */
    public static void run(Main main, String[] args, BiConsumer<GatewayConfig, Boolean> started) throws Exception {
        GatewayConfig loaded = GatewayConfig.load();
        GatewaySetup.checkPortFree(loaded);
        SimulatedLlmCluster simulated = null;
        if (loaded.backends().isBlank()) {
            simulated = SimulatedLlmCluster.start(loaded.getInt("tokenlb.embedded-backends"));
            loaded = loaded.with("tokenlb.backends", String.join(",", simulated.baseUrls()));
        }
        GatewayConfig config = loaded;
        boolean embedded = simulated != null;
        // camel-main sets the shutdown timeout itself (45 s by default): give it the grace period
        main.configure().setShutdownTimeout((int) Math.max(1, (config.getLong("tokenlb.shutdown-grace-ms") + 999) / 1000));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                try {
                    GatewaySetup.install(m.getCamelContext(), config);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot set up the gateway: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                started.accept(config, embedded);
            }
        });
        try {
            main.run(args);
        } finally {
            if (simulated != null) {
                simulated.close();
            }
        }
    }
}
