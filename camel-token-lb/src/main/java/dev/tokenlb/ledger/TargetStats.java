package dev.tokenlb.ledger;

/**
 * A point-in-time view of one target's counters. Immutable.
 *
 * @param target           the target
 * @param inflightTokens   tokens reserved now
 * @param inflightRequests leases held now
 * @param totalRequests    leases ever granted
 * @param totalTokens      tokens ever reserved
 */
public record TargetStats(Target target, long inflightTokens, int inflightRequests, long totalRequests, long totalTokens) {
}
