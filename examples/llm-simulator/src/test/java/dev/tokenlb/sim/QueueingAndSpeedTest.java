package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.tokenlb.sim.SimClient.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latency model seen from outside: a full engine queues, a faster backend finishes sooner. */
@Timeout(30) // a guard against hangs; each test takes well under a second on an idle machine
class QueueingAndSpeedTest {

    @Test
    void requestsBeyondMaxRunningSequencesQueueAndWaitLonger() throws Exception {
        // 50 tokens of at least 4.8 ms steps: one request takes at least 240 ms; two run at a time
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.3).maxRunningSequences(2)
                .outputLengths(SimClient.fixedLength(50)).build();
        try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
            String url = server.baseUrl() + "/v1/chat/completions";
            SimClient.post(url, chatBody("warm up", 1, false)); // opens a connection, loads the encoder

            long start = System.nanoTime();
            List<CompletableFuture<Double>> latencies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                latencies.add(SimClient.postAsync(url, chatBody("job " + i, null, false))
                        .thenApply(response -> SimClient.millisSince(start)));
            }
            int maxQueued = 0;
            int maxRunning = 0;
            while (!CompletableFuture.allOf(latencies.toArray(new CompletableFuture[0])).isDone()) {
                maxQueued = Math.max(maxQueued, server.stats().queued());
                maxRunning = Math.max(maxRunning, server.stats().running());
                Thread.sleep(2);
            }
            double[] sorted = latencies.stream().mapToDouble(CompletableFuture::join).sorted().toArray();

            assertEquals(2, maxRunning);
            assertTrue(maxQueued >= 1, "some requests waited in the queue");
            assertTrue(sorted[5] >= 3 * 240, "the last waited for two batches before its own: "
                    + Arrays.toString(sorted));
        }
    }

    @Test
    void aBackendWithSpeedTwoFinishesTheSameWorkFaster() throws Exception {
        // 60 tokens of about 7.75 ms at speed 1: at least 465 ms; about half that at speed 2
        SimulatorConfig base = SimulatorConfig.builder().timeScale(0.5)
                .outputLengths(SimClient.fixedLength(60)).build();
        try (SimulatedLlmCluster cluster = SimulatedLlmCluster.start(base, 2.0, 1.0)) {
            double fast = bestOfThree(cluster.backend(0));
            double slow = bestOfThree(cluster.backend(1));

            assertTrue(fast < slow, "speed 2: " + fast + " ms, speed 1: " + slow + " ms");
        }
    }

    private static double bestOfThree(SimulatedLlmServer backend) throws Exception {
        String url = backend.baseUrl() + "/v1/chat/completions";
        SimClient.post(url, chatBody("warm up", 1, false));
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = SimClient.post(url, chatBody("the same work", null, false));
            assertEquals(200, response.statusCode());
            best = Math.min(best, SimClient.millisSince(start));
        }
        return best;
    }
}
