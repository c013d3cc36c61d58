package dev.tokenlb.bench;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseScannerTest {

    private static final String STREAM = ""
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\" the\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" of\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
            + "data: [DONE]\n\n";

    @Test
    void countsContentEventsAcrossArbitraryCutsAndSeesDone() {
        for (int cut = 1; cut < STREAM.length(); cut += 7) {
            SseScanner sse = new SseScanner();
            sse.feed(Buffer.buffer(STREAM.substring(0, cut)), 10);
            sse.feed(Buffer.buffer(STREAM.substring(cut)), 20);
            assertEquals(2, sse.contentEvents(), "cut at " + cut);
            assertTrue(sse.sawDone());
            assertNull(sse.error());
        }
    }

    @Test
    void firstTokenTimeIsWhenTheFirstDataLineEnded() {
        SseScanner sse = new SseScanner();
        sse.feed(Buffer.buffer(": comment\n\n"), 5);
        assertEquals(-1, sse.firstDataNanos());
        sse.feed(Buffer.buffer(STREAM), 42);
        assertEquals(42, sse.firstDataNanos());
    }

    @Test
    void anErrorEventIsReported() {
        SseScanner sse = new SseScanner();
        sse.feed(Buffer.buffer("data: {\"error\":{\"message\":\"backend stream failed\"}}\n\n"), 1);
        assertNotNull(sse.error());
        assertFalse(sse.sawDone());
    }
}
