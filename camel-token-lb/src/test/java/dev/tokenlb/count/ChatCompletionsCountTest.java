package dev.tokenlb.count;

import static dev.tokenlb.count.Tokens.cl100k;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChatCompletionsCountTest {

    /** OpenAI's recipe: 3 per message, 1 more per name, 3 to prime the reply. */
    private static final int PER_MESSAGE = 3;
    private static final int PER_NAME = 1;
    private static final int REPLY_PRIMING = 3;

    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    private int chat(String body) {
        CountedRequest counted = counter.count(body, ApiShape.CHAT_COMPLETIONS);
        assertEquals(ApiShape.CHAT_COMPLETIONS, counted.shape());
        return counted.promptTokens();
    }

    @Test
    void countsStringContentWithRoleAndPerMessageOverhead() {
        int tokens = chat("""
                {"model":"gpt-4","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":"hello world"}]}""");
        assertEquals(REPLY_PRIMING + 2 * PER_MESSAGE + cl100k("system", "You are terse.", "user", "hello world"), tokens);
        assertEquals(9, chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}"));
    }

    @Test
    void countsTextPartsAndAFixedCostPerImage() {
        int tokens = chat("""
                {"messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in this picture?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},
                  {"type":"text","text":"Answer briefly."}]}]}""");
        assertEquals(REPLY_PRIMING + PER_MESSAGE + cl100k("user", "What is in this picture?", "Answer briefly.")
                + MessageText.IMAGE_PART, tokens);
    }

    @Test
    void countsNameWithItsExtraToken() {
        int tokens = chat("{\"messages\":[{\"role\":\"user\",\"name\":\"alice\",\"content\":\"hi\"}]}");
        assertEquals(REPLY_PRIMING + PER_MESSAGE + PER_NAME + cl100k("user", "alice", "hi"), tokens);
    }

    @Test
    void toolCallsAndToolResultsContributeTheirText() {
        String arguments = "{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":\\\"celsius\\\"}";
        int tokens = chat("""
                {"messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"%s"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"Sunny, 21 degrees."}]}""".formatted(arguments));
        assertEquals(REPLY_PRIMING + 3 * PER_MESSAGE + cl100k("user", "Weather in Paris?", "assistant", "get_weather",
                "{\"city\":\"Paris\",\"unit\":\"celsius\"}", "tool", "Sunny, 21 degrees."), tokens);
    }

    @Test
    void legacyFunctionCallContributesNameAndArguments() {
        int tokens = chat("""
                {"messages":[{"role":"assistant","function_call":{"name":"lookup","arguments":"{}"}}]}""");
        assertEquals(REPLY_PRIMING + PER_MESSAGE + cl100k("assistant", "lookup", "{}"), tokens);
    }

    @Test
    void toolDefinitionsCountAsTheirCompactJsonText() {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current"
                + " weather of a city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
                + "\"string\"}},\"required\":[\"city\"]}}}]";
        String without = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String with = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":" + tools + "}";
        assertEquals(chat(without) + cl100k(tools), chat(with));
        String functions = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"functions\":[{\"name\":\"f\"}]}";
        assertEquals(chat(without) + cl100k("[{\"name\":\"f\"}]"), chat(functions));
    }
}
