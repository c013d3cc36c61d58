package dev.tokenlb.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiTurnWorkloadTest {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @Test
    void theSameSeedGivesTheSameConversationsAndAnotherSeedOthers() {
        MultiTurnWorkload a = new MultiTurnWorkload(42, 6);
        MultiTurnWorkload b = new MultiTurnWorkload(42, 6);
        MultiTurnWorkload other = new MultiTurnWorkload(43, 6);

        for (int i = 0; i < 20; i++) {
            MultiTurnWorkload.Conversation x = a.conversation(i);
            MultiTurnWorkload.Conversation y = b.conversation(i);
            assertEquals(x.systemPrompt(), y.systemPrompt());
            assertEquals(x.userTurns(), y.userTurns());
            assertTrue(Arrays.equals(x.thinkSeconds(), y.thinkSeconds()));
        }
        assertEquals(a.systemPrompt(3), b.systemPrompt(3));
        assertNotEquals(a.systemPrompt(0), other.systemPrompt(0));
        assertNotEquals(a.conversation(0).userTurns(), other.conversation(0).userTurns());
    }

    @Test
    void aFewLongSystemPromptsAreSharedByManyConversations() {
        MultiTurnWorkload workload = new MultiTurnWorkload(42, 6);
        for (int i = 0; i < workload.systemPromptCount(); i++) {
            int tokens = CL100K.countTokensOrdinary(workload.systemPrompt(i));
            assertTrue(tokens >= 950 && tokens <= 3_200, "system prompt " + i + ": " + tokens + " tokens");
        }
        Map<Integer, Integer> users = new HashMap<>();
        for (MultiTurnWorkload.Conversation c : workload.first(60)) {
            users.merge(c.systemPrompt(), 1, Integer::sum);
            assertTrue(c.turns() >= MultiTurnWorkload.MIN_TURNS && c.turns() <= MultiTurnWorkload.MAX_TURNS);
        }
        assertEquals(6, users.size(), "every system prompt is used");
        assertTrue(users.values().stream().allMatch(n -> n >= 3), "each shared by several conversations: " + users);
    }

    @Test
    void halfTheConversationsOpenWithADocumentOfTheirOwnThatOnlyTheFirstTurnAdds() {
        MultiTurnWorkload workload = new MultiTurnWorkload(42, 6);
        int withDocument = 0;
        int n = 200;
        for (MultiTurnWorkload.Conversation c : workload.first(n)) {
            int first = CL100K.countTokensOrdinary(c.userTurns().get(0));
            if (first > MultiTurnWorkload.MIN_DOCUMENT_TOKENS) {
                withDocument++;
                assertTrue(first <= MultiTurnWorkload.MAX_DOCUMENT_TOKENS + 400, first + " tokens");
            }
            for (String later : c.userTurns().subList(1, c.turns())) {
                assertTrue(CL100K.countTokensOrdinary(later) < 400, "later turns are short questions");
            }
        }
        assertTrue(withDocument > n * 0.4 && withDocument < n * 0.6, withDocument + " of " + n);
    }

    @Test
    void eachTurnRepeatsTheWholeConversationSoFarWithTheRepliesReceived() {
        MultiTurnWorkload workload = new MultiTurnWorkload(42, 6);
        MultiTurnWorkload.Conversation c = workload.conversation(5);
        String system = workload.systemPrompt(c.systemPrompt());
        List<String> replies = List.of(" the first answer", " the second answer");

        JsonArray turn2 = messages(MultiTurnWorkload.body(system, c.userTurns().subList(0, 2), replies.subList(0, 1)));
        JsonArray turn3 = messages(MultiTurnWorkload.body(system, c.userTurns().subList(0, 3), replies));

        assertEquals(4, turn2.size(), "system, user, assistant, user");
        assertEquals(6, turn3.size());
        for (int i = 0; i < turn2.size(); i++) {
            assertEquals(turn2.getJsonObject(i), turn3.getJsonObject(i), "turn 3 starts with turn 2's messages");
        }
        assertEquals(new JsonObject().put("role", "assistant").put("content", " the second answer"),
                turn3.getJsonObject(4));
        assertEquals(c.userTurns().get(2), turn3.getJsonObject(5).getString("content"));
        assertEquals("system", turn3.getJsonObject(0).getString("role"));
        assertEquals(0, c.thinkSeconds()[0], "the first turn goes at the conversation's arrival");
        assertTrue(c.thinkSeconds()[1] > 0);
    }

    private static JsonArray messages(byte[] body) {
        JsonObject json = new JsonObject(new String(body, StandardCharsets.UTF_8));
        assertTrue(json.getBoolean("stream"));
        return json.getJsonArray("messages");
    }
}
