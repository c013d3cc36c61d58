package dev.tokenlb.sim;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a simulated LLM cluster until the process is killed, printing one line per backend:
 * <pre>
 * java -cp ... dev.tokenlb.sim.SimulatorMain --backends 4 --base-port 9101 --speeds 2,1,1,0.5 --time-scale 1.0
 * </pre>
 * See {@link SimulatorArgs#USAGE} for every option. Stateless; the cluster it starts is closed by a shutdown hook.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorArgs parsed;
        try {
            parsed = SimulatorArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SimulatorArgs.USAGE);
            System.exit(2);
            return;
        }
        SimulatedLlmCluster cluster = SimulatedLlmCluster.start(parsed.base, parsed.speeds);
        System.out.println("llm-simulator: " + parsed.base);
        for (SimulatedLlmServer backend : cluster.backends()) {
            System.out.println(backend.name() + " speed=" + backend.speed() + " " + backend.baseUrl());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "llm-simulator-shutdown"));
        while (!stopped.await(Math.max(1, parsed.statsEverySeconds), TimeUnit.SECONDS)) {
            if (parsed.statsEverySeconds > 0) {
                for (SimulatedLlmServer backend : cluster.backends()) {
                    System.out.println(backend.name() + " " + backend.stats());
                }
            }
        }
    }
}
