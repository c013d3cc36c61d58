package dev.tokenlb.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidRequestTest {

    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    private InvalidRequestException refused(String body, ApiShape shape) {
        return assertThrows(InvalidRequestException.class, () -> counter.count(body, shape));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // chat completions
            "CHAT_COMPLETIONS | {\"model\":\"m\"}                                   | messages",
            "CHAT_COMPLETIONS | {\"messages\":[]}                                   | messages",
            "CHAT_COMPLETIONS | {\"messages\":\"hello\"}                            | messages",
            "CHAT_COMPLETIONS | {\"messages\":[\"hello\"]}                          | messages[0]",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":7}]}  | messages[0].content",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":1}]}]} | messages[0].content[0].text",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":[\"x\"]}]} | messages[0].content[0]",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":1,\"content\":\"x\"}]}      | messages[0].role",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"name\":false}]} | messages[0].name",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"assistant\",\"tool_calls\":{}}]} | messages[0].tool_calls",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":{}}}]}]} | messages[0].tool_calls[0].function.arguments",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":{}} | tools",
            // shared settings
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"10\"} | max_tokens",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-1}   | max_tokens",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}  | max_tokens",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1e30} | max_tokens",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":true} | max_completion_tokens",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"true\"} | stream",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model\":5}       | model",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":true} | stream_options",
            "CHAT_COMPLETIONS | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":{\"include_usage\":1}} | stream_options.include_usage",
            // completions and embeddings
            "COMPLETIONS      | {\"model\":\"m\"}                        | prompt",
            "COMPLETIONS      | {\"prompt\":5}                           | prompt",
            "COMPLETIONS      | {\"prompt\":[]}                          | prompt",
            "COMPLETIONS      | {\"prompt\":[\"a\",1]}                   | prompt[1]",
            "COMPLETIONS      | {\"prompt\":[1,\"a\"]}                   | prompt[1]",
            "COMPLETIONS      | {\"prompt\":[[1],[\"a\"]]}               | prompt[1][0]",
            "COMPLETIONS      | {\"prompt\":[[1],[]]}                    | prompt[1]",
            "COMPLETIONS      | {\"prompt\":[{}]}                        | prompt[0]",
            "COMPLETIONS      | {\"prompt\":\"x\",\"max_output_tokens\":-3} | max_output_tokens",
            "EMBEDDINGS       | {\"model\":\"m\"}                        | input",
            "EMBEDDINGS       | {\"input\":{}}                           | input",
            "EMBEDDINGS       | {\"input\":[null]}                       | input[0]",
            // responses
            "RESPONSES        | {\"model\":\"m\"}                        | input",
            "RESPONSES        | {\"input\":7}                            | input",
            "RESPONSES        | {\"input\":[]}                           | input",
            "RESPONSES        | {\"input\":[\"x\"]}                      | input[0]",
            "RESPONSES        | {\"input\":\"x\",\"instructions\":[]}    | instructions",
            "RESPONSES        | {\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":null}],\"arguments\":3}]} | input[0].arguments" })
    void refusesMalformedFieldNamingIt(ApiShape shape, String body, String param) {
        InvalidRequestException e = refused(body, shape);
        assertEquals(param, e.param());
        assertTrue(e.getMessage().contains("'" + param + "'"), e.getMessage());
    }

    @Test
    void saysWhatIsWrongInOpenAiWords() {
        assertEquals("Missing required parameter: 'messages'.",
                refused("{}", ApiShape.CHAT_COMPLETIONS).getMessage());
        assertEquals("Invalid type for 'messages': expected an array, but got a string instead.",
                refused("{\"messages\":\"hi\"}", ApiShape.CHAT_COMPLETIONS).getMessage());
        assertTrue(refused("{\"messages\":[]}", ApiShape.CHAT_COMPLETIONS).getMessage().contains("empty array"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not json", "{\"messages\":", "[{\"messages\":[]}]", "\"text\"", "{\"a\":1} {\"b\":2}" })
    void refusesABodyThatIsNoJsonObjectWhenTheShapeIsGiven(String body) {
        InvalidRequestException e = refused(body, ApiShape.CHAT_COMPLETIONS);
        assertTrue(e.getMessage().startsWith("We could not parse the JSON body of your request"), e.getMessage());
        assertNull(e.param());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  \r\n\t" })
    void refusesAnEmptyBodyWhenTheShapeIsGiven(String body) {
        InvalidRequestException e = refused(body, ApiShape.EMBEDDINGS);
        assertTrue(e.getMessage().startsWith("The request body is empty"), e.getMessage());
        assertNull(e.param());
        assertNull(refused(null, ApiShape.RESPONSES).param());
    }
}
