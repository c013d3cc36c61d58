package dev.tokenlb.sim;

/**
 * Time and timers for a {@link BatchingEngine}: Vert.x timers in the server, a hand-driven clock in tests. Tasks run on
 * the engine's one thread; implementations say what thread that is.
 */
interface EngineClock {

    long nanoTime();

    /**
     * Runs {@code task} once, about {@code delayNanos} from now (0: as soon as the thread is free); returns an id for
     * {@link #cancel}.
     */
    long schedule(long delayNanos, Runnable task);

    void cancel(long id);
}
