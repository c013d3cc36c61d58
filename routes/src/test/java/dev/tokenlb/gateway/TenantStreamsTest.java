package dev.tokenlb.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.TokenLbConstants;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tenant's streamed requests are charged their prompt plus the output they really produced: the usage chunk's
 * {@code completion_tokens} when the client asked for one, else the tokens counted as they streamed by. The charge
 * when admitted was the prompt plus {@code max_tokens} (output estimate {@code max-tokens}), far more.
 */
@Timeout(60)
class TenantStreamsTest extends GatewayTestSupport {

    private static final int MAX_TOKENS = 4000;

    @Override
    protected int backendCount() {
        return 1;
    }

    @Override
    protected Properties gatewaySettings() {
        Path file;
        try {
            file = Files.createTempFile("tenants", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, "tenants:\n  - name: streamer\n    key: k-s\n    tokens-per-minute: 1000000\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("tokenlb.tenants", file.toString());
        p.setProperty("tokenlb.output-estimate", "max-tokens");
        return p;
    }

    private String stream(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer k-s").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        awaitLedgerEmpty();
        return r.body();
    }

    /** The prompt tokens the gateway counts for this body, by the gateway's own counting processor. */
    private long promptTokens(String body) throws Exception {
        TokenCountingProcessor counter = new TokenCountingProcessor();
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(body);
        e.setProperty(TokenLbConstants.API_SHAPE, "chat");
        counter.process(e);
        return e.getProperty(TokenLbConstants.PROMPT_TOKENS, Long.class);
    }

    private long tenantTokens() throws Exception {
        JsonObject status = (JsonObject) Jsoner.deserialize(getOps("/tokenlb/status").body());
        return ((JsonObject) ((JsonArray) status.get("tenants")).get(0)).getLong("tokens");
    }

    @Test
    void aStreamWithAUsageChunkIsChargedItsReportedOutput() throws Exception {
        String body = "{\"model\":\"sim-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                      + "\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{\"role\":\"user\",\"content\":\"tell\"}]}";
        String sse = stream(body);
        String[] events = sse.split("\n\n");
        String usageEvent = events[events.length - 2].trim().substring("data:".length()).trim();
        JsonObject usage = (JsonObject) ((JsonObject) Jsoner.deserialize(usageEvent)).get("usage");
        long completion = ((Number) usage.get("completion_tokens")).longValue();
        assertTrue(completion > 0 && completion < MAX_TOKENS, "a reply shorter than max_tokens: " + completion);
        assertEquals(promptTokens(body) + completion, tenantTokens());
    }

    @Test
    void aStreamWithoutUsageIsChargedTheTokensThatStreamedBy() throws Exception {
        String body = chat("tell me more", true, MAX_TOKENS);
        String sse = stream(body);
        long tokens = 0;
        for (String event : sse.split("\n\n")) {
            if (event.contains("\"content\":\"") && !event.contains("\"content\":\"\"")) {
                tokens++;
            }
        }
        assertTrue(tokens > 0 && tokens < MAX_TOKENS, "a reply shorter than max_tokens: " + tokens);
        assertEquals(promptTokens(body) + tokens, tenantTokens());
    }
}
