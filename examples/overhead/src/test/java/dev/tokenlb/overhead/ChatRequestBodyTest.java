package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChatRequestBodyTest {

    @Test
    void userMessageIsAboutThreeHundredTokens() {
        Encoding cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        ChatRequestBody bodies = ChatRequestBody.of(8, 42, false);
        for (int i = 0; i < 8; i++) {
            String text = userText(bodies, i);
            int tokens = cl100k.countTokensOrdinary(text);
            assertTrue(tokens >= 270 && tokens <= 330, "tokens: " + tokens);
            assertTrue(text.length() >= 1600 && text.length() < 1700, "chars: " + text.length());
        }
    }

    @Test
    void isAShortNonStreamedChatRequestUnlessAskedToStream() {
        JsonObject plain = ChatRequestBody.of(1, 1, false).body(0).toJsonObject();
        assertEquals(16, plain.getInteger("max_tokens"));
        assertEquals(false, plain.getBoolean("stream"));
        assertEquals(true, ChatRequestBody.of(1, 1, true).body(0).toJsonObject().getBoolean("stream"));
        assertTrue(FakeBackend.isStream(ChatRequestBody.of(1, 1, true).body(0).toString()));
        assertTrue(!FakeBackend.isStream(plain.encode()));
    }

    @Test
    void everyRequestCarriesItsOwnTextOnAVariantInTurn() {
        ChatRequestBody bodies = ChatRequestBody.of(4, 42, false);
        assertNotEquals(userText(bodies, 0), userText(bodies, 1));
        assertNotEquals(userText(bodies, 1), userText(bodies, 5), "no two requests send the same text");
        assertTrue(userText(bodies, 5).startsWith("Request 5. "), userText(bodies, 5));
        assertEquals(userText(bodies, 1).substring("Request 1. ".length()),
                     userText(bodies, 5).substring("Request 5. ".length()), "variant 1 again");
    }

    private static String userText(ChatRequestBody bodies, int i) {
        return bodies.body(i).toJsonObject().getJsonArray("messages").getJsonObject(1).getString("content");
    }
}
