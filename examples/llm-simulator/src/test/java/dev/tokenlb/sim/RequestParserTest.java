package dev.tokenlb.sim;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestParserTest {

    private static LlmRequest parse(ApiKind kind, String body) throws InvalidRequestException {
        return RequestParser.parse(kind, Buffer.buffer(body));
    }

    private static String rejection(ApiKind kind, String body) {
        return assertThrows(InvalidRequestException.class, () -> parse(kind, body)).getMessage();
    }

    @Test
    void chatTextComesFromStringContentAndTextParts() throws Exception {
        LlmRequest request = parse(ApiKind.CHAT, "{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"image_url\"}]},"
                + "{\"role\":\"assistant\",\"content\":null}]}");

        assertEquals(List.of("be brief", "hi"), request.promptPieces());
        assertEquals("m", request.model());
        assertFalse(request.stream());
        assertNull(request.maxTokens());
    }

    @Test
    void streamOptionsAndMaxCompletionTokensAreRead() throws Exception {
        LlmRequest request = parse(ApiKind.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_tokens\":50,\"max_completion_tokens\":20}");

        assertTrue(request.stream());
        assertTrue(request.includeUsage());
        assertEquals(20, request.maxTokens(), "max_completion_tokens wins over the legacy max_tokens");
        assertNull(request.model());
    }

    @Test
    void promptsMayBeStringsOrTokenIdArrays() throws Exception {
        LlmRequest strings = parse(ApiKind.COMPLETION, "{\"prompt\":[\"a b\",\"c\"]}");
        LlmRequest ids = parse(ApiKind.COMPLETION, "{\"prompt\":[1,2,3]}");
        LlmRequest batches = parse(ApiKind.EMBEDDING, "{\"input\":[[1,2],[3]]}");

        assertEquals(List.of("a b", "c"), strings.promptPieces());
        assertEquals(2, strings.inputCount());
        assertEquals(3, ids.preTokenized());
        assertEquals(1, ids.inputCount());
        assertEquals(3, batches.preTokenized());
        assertEquals(2, batches.inputCount());
    }

    @Test
    void rejectsBodiesThatAreNotJsonObjects() {
        assertTrue(rejection(ApiKind.CHAT, "").contains("empty"));
        assertTrue(rejection(ApiKind.CHAT, "{oops").contains("not valid JSON"));
        assertTrue(rejection(ApiKind.CHAT, "[1]").contains("JSON object"));
    }

    @Test
    void rejectsMissingOrMalformedFields() {
        assertEquals("missing required field 'messages'", rejection(ApiKind.CHAT, "{\"model\":\"m\"}"));
        assertEquals("missing required field 'prompt'", rejection(ApiKind.COMPLETION, "{}"));
        assertEquals("missing required field 'input'", rejection(ApiKind.EMBEDDING, "{}"));
        assertTrue(rejection(ApiKind.CHAT, "{\"messages\":[]}").contains("non-empty"));
        assertTrue(rejection(ApiKind.CHAT, "{\"messages\":[{\"content\":1}]}").contains("content"));
        assertTrue(rejection(ApiKind.COMPLETION, "{\"prompt\":\"x\",\"max_tokens\":0}").contains("max_tokens"));
        assertTrue(rejection(ApiKind.COMPLETION, "{\"prompt\":\"x\",\"max_tokens\":2.5}").contains("max_tokens"));
        assertTrue(rejection(ApiKind.COMPLETION, "{\"prompt\":\"x\",\"stream\":\"yes\"}").contains("stream"));
        assertTrue(rejection(ApiKind.COMPLETION, "{\"prompt\":\"x\",\"model\":3}").contains("model"));
    }
}
