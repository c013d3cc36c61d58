package dev.tokenlb.cluster;

import java.util.List;

import dev.tokenlb.ledger.Target;

/**
 * Makes {@link SharedLedger}s for the ledger URLs of one scheme; registered in
 * {@code META-INF/services/dev.tokenlb.cluster.SharedLedgerProvider}, so this module needs no client library.
 */
public interface SharedLedgerProvider {

    /** True if this provider serves URLs of that scheme ({@code redis}, {@code rediss}). */
    boolean accepts(String scheme);

    /**
     * @param targets  the balancer's targets, in ledger order (the store knows them by name)
     * @param password the store's password, or null
     */
    SharedLedger open(LedgerSettings settings, List<Target> targets, String password);
}
