package dev.tokenlb.redis;

import java.util.List;
import java.util.function.UnaryOperator;

import dev.tokenlb.cluster.LedgerSettings;
import dev.tokenlb.cluster.SharedLedgers;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickPolicy;

/** One balancer replica for tests: an in-memory ledger joined to a Redis shared ledger, picking least tokens. */
final class Replica implements AutoCloseable {

    static final List<Target> TARGETS = List.of(new Target("a", null, 1), new Target("b", null, 1));

    final TokenLedger ledger = new TokenLedger(TARGETS);
    final RedisSharedLedger shared;
    private final PickPolicy policy = PickPolicies.leastTokens();

    Replica(LedgerSettings settings) {
        this(settings, name -> null);
    }

    Replica(LedgerSettings settings, UnaryOperator<String> environment) {
        shared = (RedisSharedLedger) SharedLedgers.open(settings, TARGETS, environment);
        shared.attach(ledger);
    }

    /**
     * A command timeout as long as the TTL allows (up to a second): on a busy test machine a 50 ms timeout would
     * degrade tests that are not about degrading.
     */
    static LedgerSettings settings(RedisServer redis, long ttlMillis, long syncMillis) {
        return new LedgerSettings(redis.url(), null, "test", ttlMillis, Math.min(1_000, ttlMillis / 3), syncMillis);
    }

    Lease reserve(long tokens) {
        return ledger.reserve(policy, tokens, null);
    }

    @Override
    public void close() {
        shared.close();
    }
}
