package dev.tokenlb.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/** An {@link EngineClock} driven by the test: time moves only in {@link #runNext()} and {@link #advanceTo}. */
final class ManualClock implements EngineClock {

    private record Task(long deadline, long id, Runnable action) {
    }

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::deadline).thenComparingLong(Task::id));
    private long now;
    private long nextId;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long schedule(long delayNanos, Runnable task) {
        long id = nextId++;
        tasks.add(new Task(now + Math.max(0, delayNanos), id, task));
        return id;
    }

    @Override
    public void cancel(long id) {
        tasks.removeIf(t -> t.id() == id);
    }

    /** Moves time to the next task and runs it; false if nothing is scheduled. */
    boolean runNext() {
        Task task = tasks.poll();
        if (task == null) {
            return false;
        }
        now = Math.max(now, task.deadline());
        task.action().run();
        return true;
    }

    /** Runs every task due up to {@code millis}, then sets the time to it. */
    void advanceTo(double millis) {
        long target = Math.round(millis * 1_000_000);
        while (!tasks.isEmpty() && tasks.peek().deadline() <= target) {
            runNext();
        }
        now = Math.max(now, target);
    }

    /** Runs tasks until none is left (the engine is idle). */
    void runUntilIdle() {
        for (int i = 0; i < 1_000_000 && runNext(); i++) {
            // each task is one engine tick
        }
    }

    double nowMillis() {
        return now / 1_000_000.0;
    }
}
