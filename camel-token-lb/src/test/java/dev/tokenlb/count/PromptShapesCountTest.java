package dev.tokenlb.count;

import static dev.tokenlb.count.Tokens.cl100k;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Completions' {@code prompt} and embeddings' {@code input}: text or token ids, no overhead. */
class PromptShapesCountTest {

    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    private int count(String body, ApiShape shape) {
        CountedRequest counted = counter.count(body, shape);
        assertEquals(shape, counted.shape());
        return counted.promptTokens();
    }

    @Test
    void completionsCountsAStringPrompt() {
        assertEquals(6, count("{\"model\":\"m\",\"prompt\":\"tiktoken is great!\"}", ApiShape.COMPLETIONS));
    }

    @Test
    void completionsSumsAnArrayOfStringPrompts() {
        assertEquals(cl100k("hello world", "Once upon a time"),
                count("{\"prompt\":[\"hello world\",\"Once upon a time\"]}", ApiShape.COMPLETIONS));
    }

    @Test
    void completionsCountsTokenIdArraysByLength() {
        assertEquals(4, count("{\"prompt\":[15339,1917,0,5]}", ApiShape.COMPLETIONS));
        assertEquals(5, count("{\"prompt\":[[15339,1917],[1,2,3]]}", ApiShape.COMPLETIONS));
    }

    @Test
    void embeddingsCountsAStringInput() {
        assertEquals(2, count("{\"model\":\"text-embedding-3-small\",\"input\":\"hello world\"}",
                ApiShape.EMBEDDINGS));
    }

    @Test
    void embeddingsSumsAnArrayOfStringsAndTokenArrays() {
        assertEquals(cl100k("first document", "second, longer document about tokens"),
                count("{\"input\":[\"first document\",\"second, longer document about tokens\"]}", ApiShape.EMBEDDINGS));
        assertEquals(3, count("{\"input\":[[1,2],[3]]}", ApiShape.EMBEDDINGS));
        assertEquals(2, count("{\"input\":[7,8]}", ApiShape.EMBEDDINGS));
    }
}
