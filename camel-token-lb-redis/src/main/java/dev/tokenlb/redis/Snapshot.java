package dev.tokenlb.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokenlb.cluster.ClusterStatus;
import dev.tokenlb.ledger.TokenLedger;

/**
 * Every live replica's share of the load per backend, as the last renewal read it. Immutable.
 *
 * @param shares replica id -> backend name -> {tokens, requests}
 */
record Snapshot(Map<String, Map<String, long[]>> shares) {

    static final Snapshot EMPTY = new Snapshot(Map.of());

    /** This replica's own load alone, from its ledger: what it knows while Redis is unavailable. */
    static Snapshot of(String replica, List<String> backends, TokenLedger ledger) {
        Map<String, long[]> byBackend = new LinkedHashMap<>();
        for (int i = 0; i < backends.size(); i++) {
            byBackend.put(backends.get(i), new long[] {ledger.inflightTokens(i), ledger.inflightRequests(i)});
        }
        return new Snapshot(Map.of(replica, byBackend));
    }

    /** Parses renew.lua's answer after its first element: count, then replica id and its HGETALL per replica. */
    static Snapshot parse(List<Object> out) {
        int count = ((Number) out.get(1)).intValue();
        Map<String, Map<String, long[]>> shares = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            String replica = String.valueOf(out.get(2 + 2 * k));
            List<?> fields = (List<?>) out.get(3 + 2 * k);
            Map<String, long[]> byBackend = new LinkedHashMap<>();
            for (int f = 0; f + 1 < fields.size(); f += 2) {
                String field = String.valueOf(fields.get(f));
                if (field.length() < 3 || field.charAt(1) != ':') {
                    continue;
                }
                long value = Math.max(0, Long.parseLong(String.valueOf(fields.get(f + 1))));
                long[] load = byBackend.computeIfAbsent(field.substring(2), n -> new long[2]);
                load[field.charAt(0) == 't' ? 0 : 1] = value;
            }
            shares.put(replica, byBackend);
        }
        return new Snapshot(shares);
    }

    /** What the replicas other than {@code self} hold on the backend: {tokens, requests}. */
    long[] peers(String self, String backend) {
        long[] sum = new long[2];
        shares.forEach((replica, byBackend) -> {
            long[] load = byBackend.get(backend);
            if (load != null && !replica.equals(self)) {
                sum[0] += load[0];
                sum[1] += load[1];
            }
        });
        return sum;
    }

    ClusterStatus status(String url, String self, boolean degraded, String reason, List<String> backends) {
        List<ClusterStatus.Backend> out = new ArrayList<>(backends.size());
        for (String name : backends) {
            long tokens = 0;
            long requests = 0;
            Map<String, Long> byReplica = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, long[]>> e : shares.entrySet()) {
                long[] load = e.getValue().getOrDefault(name, new long[2]);
                tokens += load[0];
                requests += load[1];
                byReplica.put(e.getKey(), load[0]);
            }
            out.add(new ClusterStatus.Backend(name, tokens, requests, byReplica));
        }
        return new ClusterStatus(url, self, degraded, reason, degraded ? 0 : shares.size(), List.copyOf(out));
    }
}
