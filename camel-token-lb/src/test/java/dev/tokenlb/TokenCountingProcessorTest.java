package dev.tokenlb;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import dev.tokenlb.count.InvalidRequestException;
import dev.tokenlb.count.TokenCounter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCountingProcessorTest {

    private final CamelContext context = new DefaultCamelContext();
    private final TokenCountingProcessor processor = new TokenCountingProcessor();
    private final TokenCounter counter = TokenCounter.forEncoding("cl100k_base");

    @BeforeEach
    void start() {
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private Exchange exchange(Object body) {
        Exchange e = new DefaultExchange(context);
        e.getIn().setBody(body);
        return e;
    }

    @Test
    void setsPromptExpectedOutputAndCostOfAChatRequest() throws Exception {
        String content = "Explain token-aware load balancing in one paragraph.";
        Exchange e = exchange("{\"model\":\"m1\",\"max_tokens\":100,\"stream\":true,"
                              + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}");
        processor.process(e);
        long prompt = e.getProperty(TokenLbConstants.PROMPT_TOKENS, Long.class);
        // content + role + 3 per message + 3 reply priming
        assertEquals(counter.countText(content) + counter.countText("user") + 3 + 3, prompt);
        assertEquals(100L, e.getProperty(TokenLbConstants.EXPECTED_OUTPUT_TOKENS));
        assertEquals(prompt + 100, e.getProperty(TokenLbConstants.COST, Long.class));
        assertEquals("m1", e.getProperty(TokenLbConstants.MODEL));
        assertEquals(Boolean.TRUE, e.getProperty(TokenLbConstants.STREAM));
        assertEquals("CHAT_COMPLETIONS", e.getProperty(TokenLbConstants.API_SHAPE));
    }

    @Test
    void expectsTheDefaultOutputWhenNoMaximumIsGivenAndCapsAGivenMaximum() throws Exception {
        processor.setDefaultOutputTokens(300);
        processor.setMaxOutputTokens(1000);
        Exchange none = exchange("{\"prompt\":\"hello world\"}");
        processor.process(none);
        assertEquals(300L, none.getProperty(TokenLbConstants.EXPECTED_OUTPUT_TOKENS));
        assertEquals(302L, none.getProperty(TokenLbConstants.COST));
        Exchange huge = exchange("{\"prompt\":\"hello world\",\"max_completion_tokens\":50000}");
        processor.process(huge);
        assertEquals(1000L, huge.getProperty(TokenLbConstants.EXPECTED_OUTPUT_TOKENS));
    }

    @Test
    void embeddingsExpectNoOutput() throws Exception {
        Exchange e = exchange("{\"model\":\"text-embedding-3-small\",\"input\":\"hello world\"}");
        processor.setApiShape("embeddings");
        processor.process(e);
        assertEquals(2L, e.getProperty(TokenLbConstants.PROMPT_TOKENS));
        assertEquals(0L, e.getProperty(TokenLbConstants.EXPECTED_OUTPUT_TOKENS));
        assertEquals(2L, e.getProperty(TokenLbConstants.COST));
    }

    @Test
    void countsAPlainTextBodyAsText() throws Exception {
        Exchange e = exchange("tiktoken is great!");
        processor.process(e);
        assertEquals(6L, e.getProperty(TokenLbConstants.PROMPT_TOKENS));
        assertNull(e.getProperty(TokenLbConstants.MODEL));
    }

    @Test
    void aShapeAskedForOnTheExchangeWinsOverTheConfiguredOne() throws Exception {
        Exchange e = exchange("{\"prompt\":\"hello\"}");
        e.setProperty(TokenLbConstants.API_SHAPE, "chat");
        InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> processor.process(e));
        assertEquals("messages", error.param());
    }

    @Test
    void readsAStreamBodyOnceAndLeavesItReadableForTheNextStep() throws Exception {
        byte[] json = "{\"prompt\":\"hello world\",\"max_tokens\":1}".getBytes(StandardCharsets.UTF_8);
        Exchange e = exchange(new ByteArrayInputStream(json));
        processor.process(e);
        assertEquals(2L, e.getProperty(TokenLbConstants.PROMPT_TOKENS));
        assertArrayEquals(json, e.getIn().getBody(byte[].class));
        assertArrayEquals(json, e.getIn().getBody(byte[].class), "the body can be read again");
    }

    @Test
    void rejectsInvalidSettingsWithAMessageSayingWhatIsAllowed() {
        TokenCountingProcessor bad = new TokenCountingProcessor();
        bad.setEncoding("gpt5_base");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::init);
        assertTrue(e.getMessage().contains("cl100k_base"), e.getMessage());
        TokenCountingProcessor negative = new TokenCountingProcessor();
        negative.setDefaultOutputTokens(-1);
        assertThrows(IllegalArgumentException.class, negative::init);
    }

    @Test
    void namesNoSessionUnlessAsked() throws Exception {
        Exchange e = exchange("{\"user\":\"alice\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        e.getIn().setHeader("x-session-id", "s-1");
        processor.process(e);
        assertNull(e.getProperty(TokenLbConstants.SESSION));
    }

    @Test
    void takesTheSessionFromTheUserFieldOrAHeaderAsConfigured() throws Exception {
        String body = "{\"user\":\"alice\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        TokenCountingProcessor byUser = new TokenCountingProcessor();
        byUser.setSessionKey("user");
        Exchange u = exchange(body);
        byUser.process(u);
        assertEquals("alice", u.getProperty(TokenLbConstants.SESSION));
        Exchange notAString = exchange("{\"user\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        byUser.process(notAString);
        assertNull(notAString.getProperty(TokenLbConstants.SESSION), "a user that is not a string names nothing");

        TokenCountingProcessor byHeader = new TokenCountingProcessor();
        byHeader.setSessionKey("header:X-Session-Id");
        Exchange h = exchange(body);
        h.getIn().setHeader("x-session-id", "conversation-9");
        byHeader.process(h);
        assertEquals("conversation-9", h.getProperty(TokenLbConstants.SESSION));
        Exchange routeSet = exchange(body);
        routeSet.getIn().setHeader("x-session-id", "conversation-9");
        routeSet.setProperty(TokenLbConstants.SESSION, "set-by-the-route");
        byHeader.process(routeSet);
        assertEquals("set-by-the-route", routeSet.getProperty(TokenLbConstants.SESSION), "the route's own wins");
    }

    @Test
    void anUnknownSessionKeyFailsAtStartNamingTheSetting() {
        TokenCountingProcessor bad = new TokenCountingProcessor();
        bad.setSessionKey("cookie:sid");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::init);
        assertTrue(e.getMessage().contains("sessionKey"), e.getMessage());
    }
}
