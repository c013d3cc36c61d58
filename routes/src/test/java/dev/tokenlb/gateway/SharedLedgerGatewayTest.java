package dev.tokenlb.gateway;

import java.net.http.HttpResponse;
import java.util.Properties;

import dev.tokenlb.redis.RedisProbe;
import dev.tokenlb.redis.RedisServer;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway with {@code tokenlb.ledger=redis://...} on a real redis-server: its status and metrics show the shared
 * ledger, replies (plain and streamed) release their tokens in Redis too, and a Redis that goes away degrades the
 * ledger without failing a request.
 */
class SharedLedgerGatewayTest extends GatewayTestSupport {

    private RedisServer redis;

    @Override
    protected Properties gatewaySettings() {
        try {
            redis = RedisServer.launch();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Properties p = new Properties();
        p.setProperty("tokenlb.ledger", redis.url());
        p.setProperty("tokenlb.ledger-key-prefix", "gw");
        return p;
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void repliesReleaseTheirTokensInRedisAndTheStatusShowsTheSharedLedger() throws Exception {
        assertEquals(200, post("/v1/chat/completions", chat("hello over redis", false, 20)).statusCode());
        assertEquals(200, post("/v1/chat/completions", chat("hello streamed", true, 20)).statusCode());
        awaitLedgerEmpty();
        try (RedisProbe probe = new RedisProbe(redis, "gw", null)) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while ((probe.totalTokens() != 0 || probe.leases() != 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, probe.totalTokens());
            assertEquals(0, probe.totalRequests());
            assertEquals(0, probe.leases());
            assertEquals(1, probe.replicas());
        }
        JsonObject status = (JsonObject) Jsoner.deserialize(getOps("/tokenlb/status").body());
        JsonObject ledger = (JsonObject) status.get("ledger");
        assertEquals(Boolean.TRUE, ledger.get("shared"));
        assertEquals(Boolean.FALSE, ledger.get("degraded"));
        assertEquals(1, ((Number) ledger.get("replicas")).intValue());
        assertEquals(2, ((JsonArray) ledger.get("backends")).size());
        HttpResponse<String> metrics = getOps("/metrics");
        assertTrue(metrics.body().contains("tokenlb_ledger_degraded 0.0"), metrics.body());
        assertTrue(metrics.body().contains("tokenlb_ledger_replicas 1.0"), metrics.body());
    }

    @Test
    void redisGoneMeansDegradedNotFailedRequests() throws Exception {
        redis.kill();
        for (int k = 0; k < 3; k++) {
            assertEquals(200, post("/v1/chat/completions", chat("still served " + k, false, 10)).statusCode());
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        JsonObject ledger;
        do {
            ledger = (JsonObject) ((JsonObject) Jsoner.deserialize(getOps("/tokenlb/status").body())).get("ledger");
            Thread.sleep(20);
        } while (!Boolean.TRUE.equals(ledger.get("degraded")) && System.nanoTime() < deadline);
        assertEquals(Boolean.TRUE, ledger.get("degraded"));
        assertFalse(ledger.getString("reason").isBlank());
        assertTrue(getOps("/metrics").body().contains("tokenlb_ledger_degraded 1.0"));
    }
}
