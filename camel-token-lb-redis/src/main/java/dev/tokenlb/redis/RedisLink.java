package dev.tokenlb.redis;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.cluster.LedgerSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * One connection to Redis, made and remade by the shared ledger's sync thread, and the scripts loaded on it.
 * <p>
 * At most once, on purpose: Lettuce's automatic reconnection (which would replay commands written before a drop, after
 * this replica moved on) is off, and commands are refused while disconnected. A dropped or slow connection is
 * closed; the next {@link #connect()} makes a new one, and the ledger then publishes its leases again.
 * <p>
 * Thread-safe: {@link #eval} from any thread; {@link #connect()} from the sync thread only.
 */
final class RedisLink implements AutoCloseable {

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile Map<Scripts, String> digests = Map.of();

    RedisLink(LedgerSettings settings, String password) {
        RedisURI.Builder b = RedisURI.builder().withHost(settings.host()).withPort(settings.port())
                .withSsl(settings.tls()).withTimeout(Duration.ofMillis(settings.timeoutMillis()));
        if (password != null) {
            b.withPassword(password.toCharArray());
        }
        this.uri = b.build();
        // two I/O and two computation threads (Lettuce's least) are plenty for one connection
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources, uri);
        // connecting happens off the request path, so it may take longer than a command (the first one also loads
        // Netty's classes: seconds on a busy machine)
        long connectMillis = Math.max(5_000, settings.timeoutMillis());
        client.setOptions(ClientOptions.builder().autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(connectMillis)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(settings.timeoutMillis()))).build());
    }

    boolean connected() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    /** Connects (if not connected) and loads the scripts. Blocks for at most the connect timeout per step. */
    void connect() {
        if (connected()) {
            return;
        }
        disconnect();
        StatefulRedisConnection<String, String> c = client.connect();
        try {
            Map<Scripts, String> loaded = new EnumMap<>(Scripts.class);
            for (Scripts s : Scripts.values()) {
                loaded.put(s, c.sync().scriptLoad(s.source()));
            }
            digests = loaded;
            connection = c;
        } catch (RuntimeException e) {
            c.closeAsync();
            throw e;
        }
    }

    /** Runs a script; fails at once (without I/O) when not connected. */
    CompletionStage<List<Object>> eval(Scripts script, String... args) {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null || !c.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        return c.async().<List<Object>>evalsha(digests.get(script), ScriptOutputType.MULTI, new String[0], args);
    }

    /** Drops the connection (commands still on it fail); the next {@link #connect()} makes a new one. */
    void disconnect() {
        StatefulRedisConnection<String, String> c = connection;
        connection = null;
        if (c != null) {
            c.closeAsync();
        }
    }

    String describe() {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        disconnect();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
