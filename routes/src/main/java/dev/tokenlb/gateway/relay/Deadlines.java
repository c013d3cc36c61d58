package dev.tokenlb.gateway.relay;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.gateway.errors.ClientReply;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Enforces the gateway's timeouts on every open exchange with one sweeper thread (no timer per request): the time
 * from a request's arrival to the first byte of its reply's body, the longest gap between two pieces of a reply, and
 * the whole exchange. A late exchange is cut ({@link ClientConnection#timeOut}): before any reply the client gets a
 * 504, within a stream an in-band error event.
 * <p>
 * Thread-safe.
 */
public final class Deadlines extends ServiceSupport {

    private final long firstByteNanos;
    private final long idleNanos;
    private final long totalNanos;
    private final long sweepMillis;
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sweeper;

    public Deadlines(long firstByteMillis, long idleMillis, long totalMillis) {
        if (firstByteMillis <= 0 || idleMillis <= 0 || totalMillis <= 0) {
            throw new IllegalArgumentException("timeouts must be > 0 ms: first-byte " + firstByteMillis + ", idle "
                                               + idleMillis + ", total " + totalMillis);
        }
        this.firstByteNanos = TimeUnit.MILLISECONDS.toNanos(firstByteMillis);
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.totalNanos = TimeUnit.MILLISECONDS.toNanos(totalMillis);
        long shortest = Math.min(firstByteMillis, Math.min(idleMillis, totalMillis));
        this.sweepMillis = Math.max(10, Math.min(1_000, shortest / 10));
    }

    long firstByteMillis() {
        return TimeUnit.NANOSECONDS.toMillis(firstByteNanos);
    }

    long idleMillis() {
        return TimeUnit.NANOSECONDS.toMillis(idleNanos);
    }

    long totalMillis() {
        return TimeUnit.NANOSECONDS.toMillis(totalNanos);
    }

    void watch(ClientConnection connection) {
        open.add(connection);
    }

    void forget(ClientConnection connection) {
        open.remove(connection);
    }

    /** Exchanges being watched now. */
    int watched() {
        return open.size();
    }

    void sweep() {
        long now = System.nanoTime();
        for (ClientConnection c : open) {
            String late = lateFor(c, now);
            if (late != null) {
                open.remove(c);
                c.timeOut(late);
            }
        }
    }

    private String lateFor(ClientConnection c, long now) {
        if (now - c.startedNanos() > totalNanos) {
            return ClientReply.TOTAL;
        }
        long first = c.firstByteNanos();
        if (first == 0) {
            return now - c.startedNanos() > firstByteNanos ? ClientReply.FIRST_BYTE : null;
        }
        return now - c.lastActivityNanos() > idleNanos ? ClientReply.IDLE : null;
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "TokenLbDeadlines");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                // one bad cut must not stop the sweeper
            }
        }, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        open.clear();
    }
}
