package dev.tokenlb.prefix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptPrefixTest {

    private static final String SYSTEM = "You are a careful assistant. ".repeat(40);

    private static String chat(String model, boolean stream, String... turns) {
        StringBuilder sb = new StringBuilder("{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[");
        sb.append("{\"role\":\"system\",\"content\":\"").append(SYSTEM).append("\"}");
        for (int i = 0; i < turns.length; i++) {
            sb.append(",{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant").append("\",\"content\":\"")
                    .append(turns[i]).append("\"}");
        }
        return sb.append("],\"max_tokens\":100}").toString();
    }

    @Test
    void hashingStartsAtThePromptSoFieldsBeforeItDoNotMatter() {
        String a = chat("m", true, "hello");
        String b = chat("other-model", false, "hello");
        assertEquals(a.indexOf("\"messages\""), PromptPrefix.promptStart(a));
        PrefixIndex index = new PrefixIndex(1, 1024);
        PromptPrefix pa = PromptPrefix.of(a);
        index.record(0, pa.chain());
        PromptPrefix pb = PromptPrefix.of(b);
        assertEquals(pb.chain().length, index.matchedBlocks(0, pb.chain()), "same prompt, other model and stream flag");
    }

    @Test
    void theNextTurnOfAConversationMatchesItsEarlierTurns() {
        String turn1 = chat("m", true, "What is a load balancer?");
        String turn2 = chat("m", true, "What is a load balancer?", "It spreads work. ".repeat(20), "And a token one?");
        PrefixIndex index = new PrefixIndex(2, 1024);
        index.record(0, PromptPrefix.of(turn1).chain());
        PromptPrefix next = PromptPrefix.of(turn2);
        int matched = index.matchedBlocks(0, next.chain());
        int turn1Blocks = PromptPrefix.of(turn1).chain().length;
        assertTrue(matched >= turn1Blocks - 2 && matched <= turn1Blocks, matched + " of " + turn1Blocks);
        assertEquals(0, index.matchedBlocks(1, next.chain()));
    }

    @Test
    void aKeyNameInsideAStringIsNotTakenForTheStart() {
        String body = "{\"model\":\"m\",\"user\":\"says \\\"messages\\\": hi\",\"messages\":[{\"role\":\"user\","
                      + "\"content\":\"x\"}]}";
        assertEquals(body.indexOf("\"messages\":["), PromptPrefix.promptStart(body));
    }

    @Test
    void matchedBlocksTurnIntoTokensAtThePromptsOwnRate() {
        PromptPrefix p = new PromptPrefix(new long[10], 640);
        assertEquals(100, p.tokensIn(5, 200)); // half the characters, half the tokens
        assertEquals(200, p.tokensIn(50, 200)); // never more than the prompt
        assertEquals(0, p.tokensIn(0, 200));
        assertNull(PromptPrefix.of(""));
    }
}
