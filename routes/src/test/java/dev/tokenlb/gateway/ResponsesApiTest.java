package dev.tokenlb.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.tokenlb.gateway.ReleasePathsTest.assertSettled;
import static dev.tokenlb.gateway.ReleasePathsTest.leases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/responses} (OpenAI's Responses API) is counted as such and proxied to the same path. */
@Timeout(60)
class ResponsesApiTest extends RecordingBackendTestSupport {

    @Test
    void proxiesTheResponsesApiAndCountsItsInput() throws Exception {
        String body = "{\"model\":\"m\",\"instructions\":\"be brief\",\"input\":\"" + "word ".repeat(500) + "\"}";
        HttpResponse<String> r = post("/v1/responses", body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("/v1/responses", backend.seen().get(0).uri());
        assertEquals(body, backend.seen().get(0).body());
        assertSettled(ledger(), leases("backend-1", 1));
        // the reservation counted the input (500 words) and the instructions, not a default
        long reserved = ledger().snapshot().get(0).totalTokens();
        assertTrue(reserved > 500, "reserved " + reserved + " tokens");
        assertEquals(400, post("/v1/responses", "{\"model\":\"m\"}").statusCode(), "no input: a clear 400");
    }
}
