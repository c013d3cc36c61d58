package dev.tokenlb.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiShapeParseTest {

    @Test
    void readsEveryDocumentedNameIgnoringCase() {
        assertEquals(ApiShape.AUTO, ApiShape.parse("auto"));
        assertEquals(ApiShape.CHAT_COMPLETIONS, ApiShape.parse("chat"));
        assertEquals(ApiShape.CHAT_COMPLETIONS, ApiShape.parse("Chat-Completions"));
        assertEquals(ApiShape.CHAT_COMPLETIONS, ApiShape.parse("CHAT_COMPLETIONS"));
        assertEquals(ApiShape.COMPLETIONS, ApiShape.parse("COMPLETIONS"));
        assertEquals(ApiShape.EMBEDDINGS, ApiShape.parse(" embeddings "));
        assertEquals(ApiShape.RESPONSES, ApiShape.parse("Responses"));
    }

    @Test
    void rejectsUnknownNamesListingTheAllowedOnes() {
        for (String bad : new String[] { "chats", "plain-text", "", null }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiShape.parse(bad));
            assertTrue(e.getMessage().contains("auto, chat, chat-completions, completions, embeddings, responses"),
                    e.getMessage());
        }
    }
}
