package dev.tokenlb.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for Vert.x futures from the blocking start/stop methods of the public API. Stateless, thread-safe. */
final class Blocking {

    private static final long TIMEOUT_SECONDS = 30;

    private Blocking() {
    }

    /**
     * @throws IllegalStateException on a Vert.x thread (waiting there could deadlock the very loop it waits for), on
     *                               failure, or after {@value #TIMEOUT_SECONDS} s
     */
    static <T> T await(Future<T> future, String what) {
        if (Context.isOnVertxThread()) {
            throw new IllegalStateException("cannot " + what + " from a Vert.x thread; call it from another thread");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s waiting to " + what, e);
        }
    }
}
