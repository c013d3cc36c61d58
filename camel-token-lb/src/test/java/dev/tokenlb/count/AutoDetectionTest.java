package dev.tokenlb.count;

import static dev.tokenlb.count.Tokens.cl100k;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AutoDetectionTest {

    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    private ApiShape detect(String body) {
        return counter.count(body, ApiShape.AUTO).shape();
    }

    @Test
    void detectsEachShapeByItsPromptField() {
        assertEquals(ApiShape.CHAT_COMPLETIONS, detect("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertEquals(ApiShape.COMPLETIONS, detect("{\"prompt\":\"x\"}"));
        assertEquals(ApiShape.RESPONSES, detect("{\"input\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertEquals(ApiShape.EMBEDDINGS, detect("{\"input\":[\"a\",\"b\"]}"));
        assertEquals(ApiShape.EMBEDDINGS, detect("{\"input\":[[1,2]]}"));
    }

    @Test
    void decidesAStringInputByEmbeddingsOnlyFieldsOrModelName() {
        assertEquals(ApiShape.RESPONSES, detect("{\"model\":\"gpt-4o\",\"input\":\"x\"}"));
        assertEquals(ApiShape.RESPONSES, detect("{\"input\":\"x\",\"instructions\":\"y\"}"));
        assertEquals(ApiShape.EMBEDDINGS, detect("{\"model\":\"gpt-4o\",\"input\":\"x\",\"encoding_format\":\"float\"}"));
        assertEquals(ApiShape.EMBEDDINGS, detect("{\"input\":\"x\",\"dimensions\":256}"));
        assertEquals(ApiShape.EMBEDDINGS, detect("{\"model\":\"nomic-Embed-text\",\"input\":\"x\"}"));
    }

    @Test
    void countsLikeTheExplicitShape() {
        String body = "{\"model\":\"m\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}";
        CountedRequest auto = counter.count(body, ApiShape.AUTO);
        CountedRequest chat = counter.count(body, ApiShape.CHAT_COMPLETIONS);
        assertEquals(chat.promptTokens(), auto.promptTokens());
        assertEquals(50, auto.maxOutputTokens());
        assertEquals("m", auto.model());
    }

    @ParameterizedTest
    @ValueSource(strings = { "hello world, this is not JSON", "[\"a\",\"b\"]", "42", "\"just a string\"", "{not json",
            "{\"a\":1} trailing", "{\"unrelated\":\"object\"}", "{\"messages\":null}" })
    void countsABodyThatIsNoRequestAsPlainText(String body) {
        CountedRequest counted = counter.count(body, ApiShape.AUTO);
        assertEquals(ApiShape.PLAIN_TEXT, counted.shape());
        assertEquals(cl100k(body), counted.promptTokens());
        assertEquals(null, counted.model());
        assertEquals(-1, counted.maxOutputTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   \n" })
    void countsABlankBodyAsItsWhitespace(String body) {
        CountedRequest counted = counter.count(body, ApiShape.AUTO);
        assertEquals(ApiShape.PLAIN_TEXT, counted.shape());
        assertEquals(cl100k(body), counted.promptTokens());
        assertEquals(0, counter.count(null, ApiShape.AUTO).promptTokens());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"messages\":\"hello\"}|messages",
            "{\"prompt\":\"x\",\"max_tokens\":\"10\"}|max_tokens",
            "{\"input\":[{\"role\":\"user\",\"content\":5}]}|input[0].content" })
    void stillRefusesARecognisedRequestWithWrongTypes(String body, String param) {
        assertEquals(param, assertThrows(InvalidRequestException.class, () -> counter.count(body, ApiShape.AUTO)).param());
    }
}
