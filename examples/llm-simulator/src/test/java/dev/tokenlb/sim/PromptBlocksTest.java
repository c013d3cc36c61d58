package dev.tokenlb.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's view of a request as blocks: shared prefixes share blocks, and the count stays the text's. */
class PromptBlocksTest {

    private static final String SYSTEM = "You are a careful assistant. ".repeat(40); // about 240 tokens

    private static PromptBlocks blocks(JsonArray messages) throws InvalidRequestException {
        return blocks(new JsonObject().put("messages", messages));
    }

    private static PromptBlocks blocks(JsonObject body) throws InvalidRequestException {
        return PromptBlocks.of(RequestParser.parse(ApiKind.CHAT, Buffer.buffer(body.encode())), 16);
    }

    private static JsonObject message(String role, String content) {
        return new JsonObject().put("role", role).put("content", content);
    }

    private static int shared(long[] a, long[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[n] == b[n]) {
            n++;
        }
        return n;
    }

    @Test
    void twoConversationsWithOneSystemPromptShareItsBlocks() throws Exception {
        PromptBlocks a = blocks(new JsonArray().add(message("system", SYSTEM)).add(message("user", "first")));
        PromptBlocks b = blocks(new JsonArray().add(message("system", SYSTEM)).add(message("user", "second")));

        int systemTokens = PromptTokenCounter.encoding().countTokensOrdinary(SYSTEM);
        assertEquals((a.promptTokens() + 3) / 16, a.blockHashes().length,
                "one block per 16 tokens of text and 3 markers (system, user, assistant), full blocks only");
        assertTrue(shared(a.blockHashes(), b.blockHashes()) >= (1 + systemTokens) / 16,
                "every block within the marker and the system prompt is shared");
        assertNotEquals(0, systemTokens / 16);
    }

    @Test
    void aLaterTurnStartsWithTheBlocksOfTheEarlierOne() throws Exception {
        JsonArray turn1 = new JsonArray().add(message("system", SYSTEM)).add(message("user", "tell me more"));
        JsonArray turn2 = turn1.copy().add(message("assistant", "the answer is long ".repeat(20)))
                .add(message("user", "and then?"));
        long[] first = blocks(turn1).blockHashes();
        long[] second = blocks(turn2).blockHashes();

        assertEquals(first.length, shared(first, second));
        assertTrue(second.length > first.length + 4);
    }

    @Test
    void theRoleOfAMessageIsPartOfItsBlocks() throws Exception {
        PromptBlocks asSystem = blocks(new JsonArray().add(message("system", SYSTEM)));
        PromptBlocks asUser = blocks(new JsonArray().add(message("user", SYSTEM)));

        assertEquals(asSystem.promptTokens(), asUser.promptTokens(), "markers are not counted");
        assertEquals(0, shared(asSystem.blockHashes(), asUser.blockHashes()));
    }

    @Test
    void toolsComeBeforeTheMessages() throws Exception {
        JsonArray messages = new JsonArray().add(message("system", SYSTEM));
        PromptBlocks plain = blocks(messages);
        PromptBlocks withTools = blocks(new JsonObject().put("messages", messages).put("tools", new JsonArray()
                .add(new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "f")))));

        assertEquals(plain.promptTokens(), withTools.promptTokens());
        assertEquals(0, shared(plain.blockHashes(), withTools.blockHashes()));
    }

    @Test
    void theCountIsThePromptTokenCountersAndTheBlocksAreStable() throws Exception {
        JsonObject body = new JsonObject().put("messages",
                new JsonArray().add(message("system", SYSTEM)).add(message("user", "<|endoftext|> is just text")));
        LlmRequest request = RequestParser.parse(ApiKind.CHAT, Buffer.buffer(body.encode()));

        assertEquals(PromptTokenCounter.count(request), PromptBlocks.of(request, 16).promptTokens());
        assertArrayEquals(PromptBlocks.of(request, 16).blockHashes(), PromptBlocks.of(request, 16).blockHashes());
    }
}
