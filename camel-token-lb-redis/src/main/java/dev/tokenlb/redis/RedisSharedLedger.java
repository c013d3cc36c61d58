package dev.tokenlb.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.tokenlb.cluster.ClusterStatus;
import dev.tokenlb.cluster.LedgerSettings;
import dev.tokenlb.cluster.SharedLedger;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.PickPlan;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SharedLedger} on Redis (keys and scripts: see {@code common.lua}). A pick runs {@code reserve.lua} on the
 * request's thread and waits for it at most the command timeout; releases are queued to the sync thread, which also
 * renews this replica's TTL and reads the others' load every sync interval. Because releases, renewals and the
 * republication after an outage all run on that one thread, over one connection, they reach Redis in the order they
 * happened here: a republished lease is never released before it is published.
 * <p>
 * Degraded (Redis unreachable, slow past the timeout, or this replica dropped after renewals came too late): picks
 * answer {@link #UNAVAILABLE} at once, peers count as 0, nothing is sent; the sync thread tries again every second
 * and, once connected, replaces this replica's leases in Redis with the live ones ({@code republish.lua}).
 * <p>
 * Thread-safe.
 */
final class RedisSharedLedger implements SharedLedger {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedLedger.class);
    /** Least time between two attempts to come back after an outage. */
    private static final long RETRY_MILLIS = 1_000;

    private final LedgerSettings settings;
    private final List<String> names;
    private final RedisLink link;
    private final String replica;
    private final AtomicLongArray peerTokens;
    private final AtomicLongArray peerRequests;
    /** This replica's leases not yet released: what it publishes again after an outage. */
    private final Map<Long, Lease> live = new ConcurrentHashMap<>();
    /** Leases whose held tokens changed since the last renewal. */
    private final Set<Long> adjusted = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService syncer;
    private volatile boolean available;
    private volatile String reason = "not connected yet";
    private volatile boolean warned;
    private final AtomicLong degradations = new AtomicLong();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile TokenLedger ledger;
    private volatile boolean closed;
    private long nextAttempt;

    RedisSharedLedger(LedgerSettings settings, List<Target> targets, RedisLink link, String replica) {
        this.settings = settings;
        this.names = targets.stream().map(Target::name).toList();
        this.link = link;
        this.replica = replica;
        this.peerTokens = new AtomicLongArray(targets.size());
        this.peerRequests = new AtomicLongArray(targets.size());
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "TokenLbSharedLedger");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void attach(TokenLedger ledger) {
        this.ledger = ledger;
        ledger.share(this, this, this);
        try {
            syncer.submit(this::renew).get(); // the first connection is made before the first request
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            degrade(describe(e.getCause()));
        }
        syncer.scheduleWithFixedDelay(this::renewQuietly, settings.syncMillis(), settings.syncMillis(),
                TimeUnit.MILLISECONDS);
    }

    // ---- picks (request threads) ----

    @Override
    public int reserve(PickPlan plan) {
        if (!available || closed) {
            return UNAVAILABLE;
        }
        List<Object> out;
        try {
            out = link.eval(Scripts.RESERVE, reserveArgs(plan)).toCompletableFuture()
                    .get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNAVAILABLE;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            degrade(describe(e instanceof ExecutionException ? e.getCause() : e));
            return UNAVAILABLE;
        }
        int k = ((Number) out.get(0)).intValue();
        if (k == -3) {
            degrade("this replica's leases were dropped (renewals came later than the TTL)");
            return UNAVAILABLE;
        }
        for (int c = 0; c < plan.size(); c++) {
            int i = plan.candidates()[c];
            peerTokens.set(i, ((Number) out.get(2 + 2 * c)).longValue());
            peerRequests.set(i, ((Number) out.get(3 + 2 * c)).longValue());
        }
        return k < 0 ? FULL : plan.candidates()[k];
    }

    private String[] reserveArgs(PickPlan plan) {
        String[] args = new String[6 + 7 * plan.size()];
        head(args);
        args[3] = Long.toString(plan.leaseId());
        args[4] = Long.toString(plan.tokens());
        args[5] = Integer.toString(plan.size());
        for (int c = 0; c < plan.size(); c++) {
            int b = 6 + 7 * c;
            args[b] = names.get(plan.candidates()[c]);
            args[b + 1] = Double.toString(plan.scores()[c]);
            args[b + 2] = Double.toString(plan.tokenSlopes()[c]);
            args[b + 3] = Long.toString(plan.peerTokens()[c]);
            args[b + 4] = Double.toString(plan.requestSlopes()[c]);
            args[b + 5] = Integer.toString(plan.peerRequests()[c]);
            args[b + 6] = Long.toString(plan.caps()[c]);
        }
        return args;
    }

    private void head(String[] args) {
        args[0] = settings.keyPrefix();
        args[1] = replica;
        args[2] = Long.toString(settings.ttlMillis());
    }

    @Override
    public long tokens(int index) {
        return peerTokens.get(index);
    }

    @Override
    public int requests(int index) {
        return (int) Math.min(Integer.MAX_VALUE, peerRequests.get(index));
    }

    // ---- lease events (request threads; never block) ----

    @Override
    public void reserved(Lease lease) {
        live.put(lease.id(), lease);
    }

    @Override
    public void adjusted(Lease lease) {
        adjusted.add(lease.id());
    }

    @Override
    public void released(Lease lease) {
        long id = lease.id();
        try {
            syncer.execute(() -> sendRelease(id));
        } catch (RejectedExecutionException e) {
            live.remove(id); // closed: leave() took every lease out
        }
    }

    /** On the sync thread, so ordered with renewals and republications. */
    private void sendRelease(long id) {
        adjusted.remove(id);
        if (live.remove(id) == null || !available) {
            return; // degraded: the republication will not include it
        }
        String[] args = new String[4];
        head(args);
        args[3] = Long.toString(id);
        link.eval(Scripts.RELEASE, args).whenComplete((r, e) -> {
            if (e != null) {
                degrade(describe(e));
            }
        });
    }

    // ---- sync thread ----

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            degrade(describe(e));
        }
    }

    @Override
    public void renew() {
        if (closed) {
            return;
        }
        if (!available) {
            recover();
            return;
        }
        List<String> args = new ArrayList<>();
        args.add(settings.keyPrefix());
        args.add(replica);
        args.add(Long.toString(settings.ttlMillis()));
        args.add("0");
        int m = 0;
        for (Long id : adjusted) {
            adjusted.remove(id);
            Lease lease = live.get(id);
            if (lease != null) {
                args.add(Long.toString(id));
                args.add(Long.toString(lease.held()));
                m++;
            }
        }
        args.set(3, Integer.toString(m));
        List<Object> out = call(Scripts.RENEW, args.toArray(new String[0]), settings.timeoutMillis());
        if (out == null) {
            return;
        }
        if (((Number) out.get(0)).intValue() == 1) {
            degrade("this replica's leases were dropped (renewals came later than the TTL)");
            return;
        }
        publish(Snapshot.parse(out));
    }

    /** Connects, publishes this replica's live leases in place of what Redis has of it, and reads the others. */
    private void recover() {
        long now = System.currentTimeMillis();
        if (now < nextAttempt) {
            return;
        }
        nextAttempt = now + Math.max(RETRY_MILLIS, settings.syncMillis());
        try {
            link.connect();
        } catch (RuntimeException e) {
            degrade(describe(e));
            return;
        }
        adjusted.clear();
        List<String> args = new ArrayList<>(List.of(settings.keyPrefix(), replica, Long.toString(settings.ttlMillis())));
        for (Lease lease : live.values()) {
            long held = lease.held();
            if (!lease.isReleased()) {
                args.add(Long.toString(lease.id()));
                args.add(names.get(lease.index()));
                args.add(Long.toString(held));
            }
        }
        if (call(Scripts.REPUBLISH, args.toArray(new String[0]), Math.max(1_000, 10 * settings.timeoutMillis()))
            == null) {
            return;
        }
        String[] renew = {settings.keyPrefix(), replica, Long.toString(settings.ttlMillis()), "0"};
        List<Object> out = call(Scripts.RENEW, renew, settings.timeoutMillis());
        if (out == null || ((Number) out.get(0)).intValue() != 0) {
            return;
        }
        publish(Snapshot.parse(out));
        available = true;
        reason = null;
        if (warned) {
            warned = false;
            LOG.info("shared ledger {} is back: {} live leases of replica {} published again", link.describe(),
                    (args.size() - 3) / 3, replica);
        } else {
            LOG.info("shared ledger {}: replica {} joined, {} replicas live", link.describe(), replica,
                    snapshot.shares().size());
        }
    }

    /** Runs a script and waits; on failure degrades and answers null. */
    private List<Object> call(Scripts script, String[] args, long timeoutMillis) {
        try {
            return link.eval(script, args).toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            degrade(describe(e instanceof ExecutionException ? e.getCause() : e));
            return null;
        }
    }

    private void publish(Snapshot s) {
        snapshot = s;
        for (int i = 0; i < names.size(); i++) {
            long[] peers = s.peers(replica, names.get(i));
            peerTokens.set(i, peers[0]);
            peerRequests.set(i, peers[1]);
        }
    }

    /** Goes on with the local ledger alone; said once per outage. The connection is dropped with what is on it. */
    private void degrade(String why) {
        if (closed) {
            return;
        }
        reason = why;
        if (available) {
            degradations.incrementAndGet();
        }
        available = false;
        link.disconnect();
        for (int i = 0; i < names.size(); i++) {
            peerTokens.set(i, 0);
            peerRequests.set(i, 0);
        }
        if (!warned) {
            warned = true;
            LOG.warn("shared ledger {} unavailable ({}): replica {} goes on with its local ledger alone and tries again "
                     + "every {} ms", link.describe(), why, replica, Math.max(RETRY_MILLIS, settings.syncMillis()));
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    @Override
    public ClusterStatus status() {
        boolean up = available;
        TokenLedger local = ledger;
        Snapshot s = up ? snapshot : local == null ? Snapshot.EMPTY : Snapshot.of(replica, names, local);
        return s.status(link.describe(), replica, !up, up ? null : reason, names);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            syncer.submit(() -> {
                if (available) {
                    call(Scripts.LEAVE, new String[] {settings.keyPrefix(), replica,
                            Long.toString(settings.ttlMillis())}, Math.max(1_000, settings.timeoutMillis()));
                }
                closed = true;
            }).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // leaving is best effort: the TTL takes the leases out anyway
        }
        closed = true;
        syncer.shutdownNow();
        link.close();
    }

    /** Stops as a killed process would: no renewal, no leaving, the connection dropped (for tests). */
    void crash() {
        closed = true;
        syncer.shutdownNow();
        link.close();
    }

    /** This replica's id in the shared ledger. */
    String replica() {
        return replica;
    }

    /** Times this replica went from available to degraded (for tests). */
    long degradations() {
        return degradations.get();
    }

    /** Leases of this replica not yet released (for tests). */
    int liveLeases() {
        return live.size();
    }
}
