package dev.tokenlb.cluster;

import java.util.List;
import java.util.Map;

/**
 * The shared ledger as one replica sees it at its last renewal. Immutable.
 *
 * @param url      the store
 * @param replica  this replica's id
 * @param degraded true while the store is unavailable (requests go on with the local ledger alone)
 * @param reason   why it is degraded (the last error), or null
 * @param replicas live replicas seen at the last renewal, this one included (0 when degraded)
 * @param backends per backend, in ledger order
 */
public record ClusterStatus(String url, String replica, boolean degraded, String reason, int replicas,
                            List<Backend> backends) {

    /**
     * One backend's load across the replicas.
     *
     * @param tokens            tokens in flight there, all replicas
     * @param requests          requests in flight there, all replicas
     * @param tokensByReplica   each live replica's share of the tokens
     */
    public record Backend(String name, long tokens, long requests, Map<String, Long> tokensByReplica) {
    }
}
