package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake backend and the open-loop driver together: a short direct window, plain and streamed. */
class FakeBackendTest {

    private Vertx vertx;
    private FakeBackend backend;
    private Vertx clientVertx;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        backend = FakeBackend.start(vertx);
        clientVertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        clientVertx.close().toCompletionStage().toCompletableFuture().get();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void answersEveryRequestOfAnOpenLoopWindow() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            OpenLoopDriver driver = new OpenLoopDriver(clientVertx, ChatRequestBody.of(4, 1, stream), stream);
            long[] offsets = ArrivalSchedule.offsets(ArrivalSchedule.Kind.UNIFORM, 400, 0.25, 1);
            WindowResult w = driver.run(Contender.direct(backend), 400, 1, offsets);
            assertEquals(100, w.sent());
            assertEquals(100, w.ok(), "stream=" + stream + " errors=" + w.errors());
            assertEquals(0, w.unfinished());
            assertEquals(-1, w.cpuTicks());
            for (long nanos : w.latencyNanos()) {
                assertTrue(nanos > 0 && nanos < 2_000_000_000L);
            }
        }
    }
}
