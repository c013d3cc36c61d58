package dev.tokenlb.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys with names and limits in the real gateway ({@code tokenlb.tenants}), in front of one recording backend that
 * answers every request with {@code usage.completion_tokens: 1}. The output estimate is the request's
 * {@code max_tokens}, so a request is charged its prompt plus {@code max_tokens} and corrected to its prompt plus 1.
 */
@Timeout(60)
class TenantLimitsTest extends RecordingBackendTestSupport {

    private static final String TENANTS = """
            tenants:
              - name: rpm-team
                key: k-rpm
                requests-per-minute: 3
              - name: free-team
                key: k-free
              - name: tpm-team
                key: k-tpm
                tokens-per-minute: 1000
              - name: daily-team
                key: k-day
                daily-tokens: 600
              - name: burst-team
                key: k-burst
                requests-per-minute: 5
                priority: batch
            """;

    private Path tenantsFile;

    @Override
    protected Properties gatewaySettings() {
        try {
            tenantsFile = Files.createTempFile("tenants", ".yaml");
            tenantsFile.toFile().deleteOnExit();
            Files.writeString(tenantsFile, TENANTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("tokenlb.tenants", tenantsFile.toString());
        p.setProperty("tokenlb.tenants-reload-ms", "100");
        p.setProperty("tokenlb.api-keys", "k-plain");
        p.setProperty("tokenlb.output-estimate", "max-tokens");
        return p;
    }

    private HttpResponse<String> postAs(String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject tenant(String name) throws Exception {
        JsonObject status = (JsonObject) Jsoner.deserialize(getOps("/tokenlb/status").body());
        for (Object o : (JsonArray) status.get("tenants")) {
            JsonObject t = (JsonObject) o;
            if (name.equals(t.getString("name"))) {
                return t;
            }
        }
        throw new AssertionError("no tenant " + name + " in " + status);
    }

    @Test
    void aKeyOverItsRequestsPerMinuteGets429WithRetryAfterAndReservesNothing() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, postAs("k-rpm", chat("hi", false, 5)).statusCode());
        }
        awaitLedgerEmpty();
        long routed = totalRequestsRouted();
        HttpResponse<String> r = postAs("k-rpm", chat("hi", false, 5));
        assertEquals(429, r.statusCode(), r.body());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 15 && retryAfter <= 20, "3 per minute: one frees within 20 s, was " + retryAfter);
        JsonObject error = errorOf(r.body());
        assertEquals("requests", error.getString("type"));
        assertEquals("rate_limit_exceeded", error.getString("code"));
        assertTrue(error.getString("message").contains("rpm-team") && error.getString("message").contains("Limit 3"),
                error.getString("message"));
        assertFalse(r.body().contains("k-rpm"), "the key never shows");
        assertNothingReserved(routed);
        assertEquals(3, backend.seen().size());
        // the refused request counted against nothing: still exactly 3 this minute
        assertEquals(3L, tenant("rpm-team").getLong("requestsThisMinute"));
        assertEquals(1L, tenant("rpm-team").getLong("rejections"));

        // other keys are independent: a tenant without limits, a plain api-keys key, and an unknown key (401)
        assertEquals(200, postAs("k-free", chat("hi", false, 5)).statusCode());
        assertEquals(200, postAs("k-plain", chat("hi", false, 5)).statusCode());
        assertEquals(401, postAs("k-unknown", chat("hi", false, 5)).statusCode());
        assertEquals(401, postAs(null, chat("hi", false, 5)).statusCode());
        assertEquals(5, backend.seen().size());
        assertNull(backend.seen().get(3).header("Authorization"), "a tenant's key is never passed on");

        String metrics = getOps("/metrics").body();
        assertTrue(metrics.contains("tokenlb_tenant_rejections_total{limit=\"requests-per-minute\",tenant=\"rpm-team\"} 1.0"),
                metrics);
        assertTrue(metrics.contains("tokenlb_tenant_requests_total{tenant=\"rpm-team\"} 3.0"), metrics);
        assertTrue(metrics.contains("tokenlb_tenant_requests_total{tenant=\"free-team\"} 1.0"), metrics);
        assertFalse(metrics.contains("k-rpm") || getOps("/tokenlb/status").body().contains("k-rpm"), "no key in metrics");
    }

    @Test
    void tokensPerMinuteCountThePromptBeforeSendingAndAreCorrectedByTheReplysUsage() throws Exception {
        // charged prompt + 600 (over half the limit), corrected to prompt + 1: the second fits only thanks to that
        assertEquals(200, postAs("k-tpm", chat("a short question", false, 600)).statusCode());
        awaitLedgerEmpty();
        long first = tenant("tpm-team").getLong("tokens");
        assertTrue(first > 1 && first < 100, "prompt + 1 reported output token, was " + first);
        assertEquals(200, postAs("k-tpm", chat("a short question", false, 600)).statusCode());
        awaitLedgerEmpty();
        assertEquals(2 * first, tenant("tpm-team").getLong("tokens"));

        // the prompt counts: max_tokens at the limit leaves no room for it, so this request can never pass
        long routed = totalRequestsRouted();
        HttpResponse<String> r = postAs("k-tpm", chat("a short question", false, 1000));
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("tokens", errorOf(r.body()).getString("type"));
        assertTrue(errorOf(r.body()).getString("message").contains("(TPM)"), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isEmpty(), "waiting would not help");
        assertNothingReserved(routed);
        assertEquals(2 * first, tenant("tpm-team").getLong("tokens"), "a refused request is charged nothing");
    }

    @Test
    void theDailyBudgetRefusesUntilMidnightUtc() throws Exception {
        assertEquals(200, postAs("k-day", chat("q", false, 500)).statusCode());
        awaitLedgerEmpty();
        assertEquals(200, postAs("k-day", chat("q", false, 500)).statusCode(), "corrected to prompt + 1 first");
        awaitLedgerEmpty();
        long today = tenant("daily-team").getLong("tokensToday");
        HttpResponse<String> r = postAs("k-day", chat("q", false, (int) (600 - today)));
        assertEquals(429, r.statusCode(), r.body());
        assertTrue(errorOf(r.body()).getString("message").contains("(TPD)"), r.body());
        long untilMidnight = 86_400 - (System.currentTimeMillis() / 1000) % 86_400;
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(Math.abs(retryAfter - untilMidnight) <= 5, retryAfter + " s, midnight in " + untilMidnight);
        assertEquals(today, tenant("daily-team").getLong("tokensToday"));
    }

    @Test
    void aChangedFileAppliesWithoutRestartAndABadOneKeepsTheLimits() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, postAs("k-rpm", chat("hi", false, 5)).statusCode());
        }
        assertEquals(429, postAs("k-rpm", chat("hi", false, 5)).statusCode());

        rewrite(TENANTS.replace("requests-per-minute: 3", "requests-per-minute: lots"), 2000);
        Thread.sleep(500); // several reload periods: the bad file is read and refused
        assertEquals(3L, tenant("rpm-team").getJsonObject("limits").getLong("requestsPerMinute"));
        assertEquals(429, postAs("k-rpm", chat("hi", false, 5)).statusCode(), "the previous limits still hold");

        rewrite(TENANTS.replace("requests-per-minute: 3", "requests-per-minute: 6"), 4000);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tenant("rpm-team").getJsonObject("limits").getLong("requestsPerMinute") != 6) {
            assertTrue(System.nanoTime() < deadline, "not reloaded");
            Thread.sleep(50);
        }
        // what was used this minute carries over: 3 more of the 6
        for (int i = 0; i < 3; i++) {
            assertEquals(200, postAs("k-rpm", chat("hi", false, 5)).statusCode());
        }
        assertEquals(429, postAs("k-rpm", chat("hi", false, 5)).statusCode());
        assertEquals(6, backend.seen().size());
    }

    private void rewrite(String yaml, long future) throws IOException {
        Files.writeString(tenantsFile, yaml);
        Files.setLastModifiedTime(tenantsFile, FileTime.fromMillis(System.currentTimeMillis() + future));
    }

    @Test
    void manyThreadsOnOneKeyGetExactlyItsRequestsPerMinute() throws Exception {
        int threads = 16;
        int each = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        statuses.add(postAs("k-burst", chat("burst", false, 5)).statusCode());
                    }
                    return statuses;
                }));
            }
            start.countDown();
            int ok = 0;
            int limited = 0;
            for (Future<List<Integer>> f : results) {
                for (int status : f.get()) {
                    ok += status == 200 ? 1 : 0;
                    limited += status == 429 ? 1 : 0;
                }
            }
            assertEquals(5, ok);
            assertEquals(threads * each - 5, limited);
            assertEquals(5, backend.seen().size());
            awaitLedgerEmpty();
            assertEquals(5L, tenant("burst-team").getLong("requests"));
            assertEquals((long) threads * each - 5, tenant("burst-team").getLong("rejections"));
        } finally {
            pool.shutdownNow();
        }
    }
}
