package dev.tokenlb.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** Reads what the shared ledger holds in Redis, straight from the keys (for tests). */
public final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;

    public RedisProbe(RedisServer server, String prefix, String password) {
        RedisURI.Builder b = RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(2));
        if (password != null) {
            b.withPassword(password.toCharArray());
        }
        this.client = RedisClient.create(b.build());
        this.connection = client.connect();
        this.prefix = prefix;
    }

    /** Tokens per backend over every replica's share. */
    public Map<String, Long> tokens() {
        return sum('t');
    }

    /** Requests per backend over every replica's share. */
    public Map<String, Long> requests() {
        return sum('r');
    }

    public long totalTokens() {
        return tokens().values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalRequests() {
        return requests().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Lease records over every replica. */
    public long leases() {
        long n = 0;
        for (String key : connection.sync().keys(prefix + ":leases:*")) {
            n += connection.sync().hlen(key);
        }
        return n;
    }

    public long replicas() {
        return connection.sync().zcard(prefix + ":replicas");
    }

    private Map<String, Long> sum(char kind) {
        Map<String, Long> out = new HashMap<>();
        for (String key : connection.sync().keys(prefix + ":share:*")) {
            connection.sync().hgetall(key).forEach((field, value) -> {
                if (field.charAt(0) == kind) {
                    out.merge(field.substring(2), Long.parseLong(value), Long::sum);
                }
            });
        }
        return out;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
