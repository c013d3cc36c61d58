package dev.tokenlb.redis;

import java.util.List;

import dev.tokenlb.cluster.LedgerSettings;
import dev.tokenlb.cluster.SharedLedger;
import dev.tokenlb.cluster.SharedLedgerProvider;
import dev.tokenlb.ledger.Target;

/** Opens the Redis shared ledger for {@code redis://} and {@code rediss://} ledger URLs. Stateless. */
public final class RedisLedgerProvider implements SharedLedgerProvider {

    @Override
    public boolean accepts(String scheme) {
        return "redis".equals(scheme) || "rediss".equals(scheme);
    }

    @Override
    public SharedLedger open(LedgerSettings settings, List<Target> targets, String password) {
        return new RedisSharedLedger(settings, targets, new RedisLink(settings, password), ReplicaId.create());
    }
}
