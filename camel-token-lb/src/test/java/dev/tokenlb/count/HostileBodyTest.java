package dev.tokenlb.count;

import static dev.tokenlb.count.Tokens.cl100k;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Deeply nested and large bodies: bounded time, no StackOverflowError, an answer either way. */
class HostileBodyTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    @Test
    void refusesHundredThousandOpenBracketsWhenTheShapeIsGiven() {
        String body = "[".repeat(100_000);
        InvalidRequestException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(InvalidRequestException.class, () -> counter.count(body, ApiShape.CHAT_COMPLETIONS)));
        assertNull(e.param());
    }

    @Test
    void countsHundredThousandOpenBracketsAsPlainTextInAuto() {
        String body = "[".repeat(100_000);
        CountedRequest counted = assertTimeoutPreemptively(BOUND, () -> counter.count(body, ApiShape.AUTO));
        assertEquals(ApiShape.PLAIN_TEXT, counted.shape());
        assertEquals(cl100k(body), counted.promptTokens());
    }

    @Test
    void refusesAValidObjectNestedDeeperThanTheLimit() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":" + deep + "}";
        InvalidRequestException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(InvalidRequestException.class, () -> counter.count(body, ApiShape.CHAT_COMPLETIONS)));
        assertTrue(e.getMessage().contains("64 levels"), e.getMessage());
        CountedRequest auto = assertTimeoutPreemptively(BOUND, () -> counter.count(body, ApiShape.AUTO));
        assertEquals(ApiShape.PLAIN_TEXT, auto.shape());
    }

    @Test
    void acceptsNestingUpToTheLimitAndCountsItsToolDefinitions() {
        // The body object is level 1, so the tools value may open 63 levels: 64 in all.
        String tools = "[".repeat(63) + "]".repeat(63);
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":" + tools + "}";
        assertEquals(3 + 3 + cl100k("user", "x", tools), counter.count(body, ApiShape.CHAT_COMPLETIONS).promptTokens());
        String tooDeep = body.replace(tools, "[" + tools + "]");
        assertThrows(InvalidRequestException.class, () -> counter.count(tooDeep, ApiShape.CHAT_COMPLETIONS));
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        String text = "[{".repeat(1_000) + "\\\"" + "]}".repeat(1_000);
        String body = "{\"prompt\":\"" + text + "\"}";
        assertEquals(cl100k(text.replace("\\\"", "\"")), counter.count(body, ApiShape.COMPLETIONS).promptTokens());
    }

    @Test
    void countsAMultiMegabyteChatInBoundedTime() {
        StringBuilder body = new StringBuilder("{\"messages\":[");
        String content = "The quick brown fox jumps over the lazy dog. ".repeat(2_000); // ~90 KB per message
        for (int i = 0; i < 40; i++) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"").append(content).append("\"}");
        }
        String json = body.append("]}").toString();
        assertTrue(json.length() > 3_000_000);
        CountedRequest counted = assertTimeoutPreemptively(BOUND, () -> counter.count(json, ApiShape.AUTO));
        assertEquals(3 + 40 * (3 + cl100k("user", content)), counted.promptTokens());
    }
}
