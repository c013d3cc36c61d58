package dev.tokenlb.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One simulated GPU engine with continuous batching. Work runs in steps: at the start of a step, waiting sequences
 * are admitted in FIFO order while there is a free slot ({@code maxRunningSequences}), their KV reservation fits
 * ({@code maxKvTokens}) and the step's prefill budget allows; the head of the queue is never overtaken. At the end of
 * a step every sequence in the batch gets one token (the newly admitted ones their first, after prefill), finished
 * ones leave, and the next step starts at once if anything is running. The step's duration comes from
 * {@link StepCostModel}, so admitting a long prompt delays every token of the batch.
 *
 * <p>Each sequence reserves prompt + output tokens of KV at admission (the simulator knows the output length), which
 * keeps the budget without preemption; a request larger than the whole budget reserves all of it and runs alone.
 *
 * <p>With a {@link PrefixCache}, a sequence's prompt is looked up when it is admitted: the leading blocks cached then
 * cost no prefill (at most all but the last token's block, since the engine recomputes the last prompt token, as vLLM
 * does) and stay pinned while it runs; when the step that prefilled it ends, the rest of its full blocks are cached,
 * pinned too, and when it leaves they become evictable. Only prompt blocks are cached, not generated tokens.
 *
 * <p>The schedule is kept in nanoseconds: a step ends at its start plus its duration, and the next step starts there,
 * not when the timer happened to fire. Steps already due are run together in one tick, so sub-millisecond steps keep
 * their rate; a lag over {@value #MAX_LAG_NANOS} ns (a GC pause) is forgiven rather than caught up.
 *
 * <p>Not thread-safe: confined to the thread of its {@link EngineClock} (a verticle's event loop), except
 * {@link #setSpeed}, which any thread may call.
 */
final class BatchingEngine {

    /** A step ending within this of now is due: timers fire up to a millisecond off. */
    private static final long TOLERANCE_NANOS = 200_000;
    private static final long MAX_LAG_NANOS = 50_000_000;
    /** Keeps a long catch-up from holding the event loop; the rest runs on the next tick. */
    private static final int MAX_STEPS_PER_TICK = 256;

    private final SimulatorConfig config;
    private final StepCostModel cost;
    private final EngineClock clock;
    private final SimulatorStats stats;
    private final EngineMetrics metrics = new EngineMetrics();
    /** Null when prefix caching is off. */
    private final PrefixCache prefixCache;
    private final LinkedHashSet<Sequence> waiting = new LinkedHashSet<>();
    private final LinkedHashSet<Sequence> running = new LinkedHashSet<>();
    /** The sequences of the current step; only they get a token when it ends. */
    private final List<Sequence> batch = new ArrayList<>();
    private volatile double speed;
    private long kvReserved;
    private long kvInUse;
    private boolean stepping;
    private long stepEndNanos;
    private long timerId;
    private boolean armed;
    private boolean shutDown;

    BatchingEngine(SimulatorConfig config, EngineClock clock, SimulatorStats stats) {
        this.config = config;
        this.cost = new StepCostModel(config);
        this.clock = clock;
        this.stats = stats;
        this.speed = config.speed();
        this.prefixCache = config.prefixCacheBlocks() > 0 ? new PrefixCache(config.prefixCacheBlocks()) : null;
    }

    /** Queues a new sequence; it joins the batch at the next step start (the next tick, if the engine is idle). */
    void submit(Sequence sequence) {
        if (sequence.state != Sequence.State.NEW) {
            throw new IllegalStateException("submitted twice: " + sequence);
        }
        if (shutDown) {
            sequence.state = Sequence.State.CANCELLED;
            return;
        }
        sequence.state = Sequence.State.WAITING;
        sequence.submittedNanos = clock.nanoTime();
        waiting.add(sequence);
        if (!stepping) {
            // An empty step that ends now: the first step starts on the next tick, with every request that arrived
            // in the meantime (a burst lands in one batch, as in a real engine).
            long now = clock.nanoTime();
            batch.clear();
            stepping = true;
            stepEndNanos = now;
            arm(now);
        }
        publish();
    }

    /** Removes a sequence wherever it is, freeing its slot and KV at once; its listener hears no more. Idempotent. */
    void cancel(Sequence sequence) {
        if (sequence.state == Sequence.State.WAITING) {
            waiting.remove(sequence);
        } else if (sequence.state == Sequence.State.RUNNING) {
            leave(sequence);
        } else if (sequence.state != Sequence.State.NEW) {
            return;
        }
        sequence.state = Sequence.State.CANCELLED;
        publish();
    }

    /** Changes the speed from the next step on. Any thread. */
    void setSpeed(double speed) {
        SimulatorConfig.Builder.requireSpeed(speed);
        this.speed = speed;
    }

    double speed() {
        return speed;
    }

    /** Stops stepping and forgets every sequence without telling their listeners; later submissions are cancelled. */
    void shutdown() {
        shutDown = true;
        if (armed) {
            clock.cancel(timerId);
            armed = false;
        }
        for (Sequence s : waiting) {
            s.state = Sequence.State.CANCELLED;
        }
        for (Sequence s : running) {
            s.state = Sequence.State.CANCELLED;
        }
        waiting.clear();
        running.clear();
        batch.clear();
        kvReserved = 0;
        kvInUse = 0;
        stepping = false;
        publish();
    }

    int runningCount() {
        return running.size();
    }

    int waitingCount() {
        return waiting.size();
    }

    long kvReserved() {
        return kvReserved;
    }

    long kvInUse() {
        return kvInUse;
    }

    /** The engine's counters for {@code /metrics}; read them on the engine's thread. */
    EngineMetrics metrics() {
        return metrics;
    }

    /** The prefix cache, or null when it is off; read it on the engine's thread. */
    PrefixCache prefixCache() {
        return prefixCache;
    }

    SimulatorConfig config() {
        return config;
    }

    private void onTimer() {
        armed = false;
        if (shutDown) {
            return;
        }
        long now = clock.nanoTime();
        int steps = 0;
        while (stepping && stepEndNanos - now <= TOLERANCE_NANOS && steps++ < MAX_STEPS_PER_TICK) {
            long end = stepEndNanos;
            finishStep(end);
            beginStep(now - end > MAX_LAG_NANOS ? now : end);
        }
        if (stepping) {
            arm(now);
        }
    }

    private void arm(long now) {
        if (stepping && !armed && !shutDown) {
            armed = true;
            timerId = clock.schedule(Math.max(0, stepEndNanos - now), this::onTimer);
        }
    }

    private void beginStep(long startNanos) {
        batch.clear();
        long prefillTokens = admit();
        stepping = !running.isEmpty();
        if (stepping) {
            batch.addAll(running);
            stepEndNanos = startNanos + cost.stepNanos(batch.size(), prefillTokens, kvInUse, speed);
        }
        publish(); // now, not after the tick: a catch-up may emit this step's tokens in the same tick
    }

    /** Admits from the head of the queue; returns the prompt tokens to prefill in this step. */
    private long admit() {
        long prefillTokens = 0;
        boolean admittedAny = false;
        Iterator<Sequence> it = waiting.iterator();
        while (it.hasNext() && running.size() < config.maxRunningSequences()) {
            Sequence head = it.next();
            long reservation = Math.min((long) head.promptTokens + head.outputTokens, config.maxKvTokens());
            if (kvReserved + reservation > config.maxKvTokens()) {
                break;
            }
            int cachedBlocks = cachedBlocks(head);
            int toPrefill = head.promptTokens - cachedBlocks * config.prefixBlockTokens();
            if (admittedAny && prefillTokens + toPrefill > config.maxPrefillTokensPerStep()) {
                break;
            }
            it.remove();
            if (cachedBlocks > 0) {
                head.heldBlocks = prefixCache.acquire(head.blockHashes, 0, cachedBlocks); // all cached: all pinned
                head.cachedTokens = cachedBlocks * config.prefixBlockTokens();
            }
            metrics.onAdmitted(head.promptTokens, head.cachedTokens);
            stats.onPrefixCached(head.cachedTokens);
            head.state = Sequence.State.RUNNING;
            head.kvReserved = reservation;
            kvReserved += reservation;
            kvInUse += head.promptTokens;
            running.add(head);
            prefillTokens += head.prefillTokens();
            admittedAny = true;
        }
        return prefillTokens;
    }

    /**
     * The leading blocks of a waiting sequence's prompt that the cache would serve now: those cached, but never the
     * block of the last prompt token, which is always computed.
     */
    private int cachedBlocks(Sequence s) {
        if (prefixCache == null || s.blockHashes.length == 0 || s.promptTokens < 1) {
            return 0;
        }
        int usable = Math.min(s.blockHashes.length, (s.promptTokens - 1) / config.prefixBlockTokens());
        return Math.min(usable, prefixCache.lookup(s.blockHashes));
    }

    private void finishStep(long endNanos) {
        for (Sequence s : batch) {
            if (s.state != Sequence.State.RUNNING) {
                continue; // cancelled during the step, possibly by a listener just now
            }
            if (!s.prefilled) {
                s.prefilled = true;
                if (prefixCache != null) {
                    s.heldBlocks = prefixCache.acquire(s.blockHashes, s.heldBlocks, s.blockHashes.length);
                }
            }
            if (s.outputTokens > 0) {
                s.generated++;
                kvInUse++;
                metrics.onToken(s, endNanos);
                stats.onTokens(1); // before the listener, which may end the reply: counts are never behind it
                s.listener.onToken(s.generated);
            }
            if (s.state == Sequence.State.RUNNING && s.isFinished()) {
                leave(s);
                s.state = Sequence.State.DONE;
                publish();
                s.listener.onComplete();
            }
        }
    }

    private void leave(Sequence s) {
        if (s.heldBlocks > 0) {
            prefixCache.release(s.blockHashes, s.heldBlocks);
            s.heldBlocks = 0;
        }
        running.remove(s);
        kvReserved -= s.kvReserved;
        kvInUse -= s.kvInUse();
    }

    private void publish() {
        stats.engineState(running.size(), waiting.size(), kvInUse);
    }
}
