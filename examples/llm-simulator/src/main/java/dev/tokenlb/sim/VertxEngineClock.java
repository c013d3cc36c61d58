package dev.tokenlb.sim;

import io.vertx.core.Vertx;

/**
 * An {@link EngineClock} on Vert.x timers: set from a verticle, its tasks run on that verticle's event loop, which is
 * then the engine's thread. Timers have millisecond resolution; the engine keeps its own nanosecond schedule and
 * catches up, so steps shorter than a millisecond (fast time scales) still add up to the right rate.
 * Thread-safe as Vert.x timers are.
 */
final class VertxEngineClock implements EngineClock {

    private static final long NOT_CANCELLABLE = -1;

    private final Vertx vertx;

    VertxEngineClock(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long schedule(long delayNanos, Runnable task) {
        if (delayNanos <= 0) {
            vertx.runOnContext(v -> task.run()); // after the I/O events already read: a timer would wait 1 ms
            return NOT_CANCELLABLE;
        }
        long millis = Math.max(1, Math.round(delayNanos / 1_000_000.0));
        return vertx.setTimer(millis, id -> task.run());
    }

    /** A task scheduled with no delay cannot be cancelled; the engine ignores it when it runs after a shutdown. */
    @Override
    public void cancel(long id) {
        if (id != NOT_CANCELLABLE) {
            vertx.cancelTimer(id);
        }
    }
}
