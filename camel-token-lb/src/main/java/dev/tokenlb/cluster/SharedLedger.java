package dev.tokenlb.cluster;

import dev.tokenlb.ledger.LeaseListener;
import dev.tokenlb.ledger.PeerLoad;
import dev.tokenlb.ledger.PickPlan;
import dev.tokenlb.ledger.SharedPick;
import dev.tokenlb.ledger.TokenLedger;

/**
 * A ledger shared by several replicas of a balancer (gateways behind one Service), kept beside each replica's
 * in-memory {@link TokenLedger}, which stays the truth of its own leases:
 * <ul>
 * <li>{@link #reserve(PickPlan)} redoes the local pick against every replica's load and reserves there, atomically
 * across replicas (for Redis: one script, one round trip);</li>
 * <li>{@link #released} and {@link #adjusted} mirror the local leases, each exactly once;</li>
 * <li>{@link #renew()} (run every sync interval by the shared ledger itself) keeps this replica's leases alive for
 * one more TTL, so a replica that dies without a word loses its leases within the TTL, and refreshes the
 * {@link PeerLoad} the local picks read;</li>
 * <li>{@link #status()}: the cluster-wide load per backend and each replica's share.</li>
 * </ul>
 * When the shared store is unavailable, the shared ledger is degraded: reservations answer
 * {@link SharedPick#UNAVAILABLE} at once (requests go on with the local ledger), and once the store is back this
 * replica's live leases are published again, replacing whatever it had there. Nothing here ever fails a request.
 * <p>
 * Implementations are thread-safe and found through {@link SharedLedgers} ({@link SharedLedgerProvider}).
 */
public interface SharedLedger extends SharedPick, PeerLoad, LeaseListener, AutoCloseable {

    /**
     * Joins with this replica's ledger: shares it ({@link TokenLedger#share}) and starts renewing. Once, before the
     * first request. Does not fail when the store is unreachable: the ledger then starts degraded, saying why.
     */
    void attach(TokenLedger ledger);

    /** One sync round: renew this replica's leases, send what changed, read the others' load. */
    void renew();

    ClusterStatus status();

    /** Leaves the cluster: this replica's leases are removed from the store (best effort) and renewal stops. */
    @Override
    void close();
}
