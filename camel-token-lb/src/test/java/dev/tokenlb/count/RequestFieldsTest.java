package dev.tokenlb.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestFieldsTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    private CountedRequest chat(String fields) {
        return counter.count("{" + MESSAGES + (fields.isEmpty() ? "" : "," + fields) + "}", ApiShape.CHAT_COMPLETIONS);
    }

    @Test
    void reportsAbsentSettingsAsDefaults() {
        CountedRequest counted = chat("");
        assertNull(counted.model());
        assertFalse(counted.stream());
        assertEquals(CountedRequest.NO_LIMIT, counted.maxOutputTokens());
        assertFalse(counted.includeUsage());
    }

    @Test
    void readsModelStreamAndIncludeUsage() {
        CountedRequest counted = chat("\"model\":\"llama-3-8b\",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        assertEquals("llama-3-8b", counted.model());
        assertTrue(counted.stream());
        assertTrue(counted.includeUsage());
    }

    @Test
    void treatsJsonNullAsAbsent() {
        CountedRequest counted = chat("\"model\":null,\"stream\":null,\"max_tokens\":null,\"stream_options\":null");
        assertNull(counted.model());
        assertFalse(counted.stream());
        assertEquals(CountedRequest.NO_LIMIT, counted.maxOutputTokens());
    }

    @Test
    void prefersMaxCompletionTokensOverMaxTokens() {
        assertEquals(100, chat("\"max_tokens\":100").maxOutputTokens());
        assertEquals(200, chat("\"max_tokens\":100,\"max_completion_tokens\":200").maxOutputTokens());
        assertEquals(0, chat("\"max_tokens\":0").maxOutputTokens());
        assertEquals(1000, chat("\"max_tokens\":1e3").maxOutputTokens());
    }

    @Test
    void readsMaxOutputTokensOfTheResponsesApi() {
        CountedRequest counted = counter.count("{\"input\":\"hi\",\"max_output_tokens\":77,\"stream\":true}",
                ApiShape.RESPONSES);
        assertEquals(77, counted.maxOutputTokens());
        assertTrue(counted.stream());
    }

    @Test
    void readsMaxTokensOfCompletions() {
        assertEquals(16, counter.count("{\"prompt\":\"x\",\"max_tokens\":16}", ApiShape.COMPLETIONS).maxOutputTokens());
    }

    @Test
    void embeddingsHaveNoOutputLimitButKeepTheirModel() {
        CountedRequest counted = counter.count("{\"model\":\"e5\",\"input\":\"x\",\"max_tokens\":5}", ApiShape.EMBEDDINGS);
        assertEquals("e5", counted.model());
        assertEquals(CountedRequest.NO_LIMIT, counted.maxOutputTokens());
        assertFalse(counted.stream());
    }
}
