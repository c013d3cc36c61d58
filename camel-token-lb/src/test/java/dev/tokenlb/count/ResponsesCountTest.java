package dev.tokenlb.count;

import static dev.tokenlb.count.Tokens.cl100k;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResponsesCountTest {

    private static final int PER_MESSAGE = 3;
    private static final int REPLY_PRIMING = 3;

    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    private int responses(String body) {
        CountedRequest counted = counter.count(body, ApiShape.RESPONSES);
        assertEquals(ApiShape.RESPONSES, counted.shape());
        return counted.promptTokens();
    }

    @Test
    void countsAStringInputAsOneMessage() {
        assertEquals(REPLY_PRIMING + PER_MESSAGE + 2, responses("{\"model\":\"gpt-4o\",\"input\":\"hello world\"}"));
    }

    @Test
    void countsInstructionsAsOneMoreMessage() {
        assertEquals(REPLY_PRIMING + 2 * PER_MESSAGE + cl100k("Talk like a pirate.", "hello world"),
                responses("{\"instructions\":\"Talk like a pirate.\",\"input\":\"hello world\"}"));
    }

    @Test
    void countsItemsWithStringContentAndTextParts() {
        int tokens = responses("""
                {"input":[
                  {"role":"user","content":"Tell me a joke."},
                  {"role":"assistant","content":[{"type":"output_text","text":"Why did the chicken cross?"}]},
                  {"type":"message","role":"user","content":[
                    {"type":"input_text","text":"Another one."},
                    {"type":"input_image","image_url":"https://example.com/x.png"}]}]}""");
        assertEquals(REPLY_PRIMING + 3 * PER_MESSAGE + cl100k("user", "Tell me a joke.", "assistant",
                "Why did the chicken cross?", "user", "Another one.") + MessageText.IMAGE_PART, tokens);
    }

    @Test
    void countsFunctionCallItemsAndTheirOutputs() {
        int tokens = responses("""
                {"input":[
                  {"type":"function_call","call_id":"c1","name":"get_time","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"12:00"}]}""");
        assertEquals(REPLY_PRIMING + 2 * PER_MESSAGE + cl100k("get_time", "{}", "12:00"), tokens);
    }
}
