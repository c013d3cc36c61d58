package dev.tokenlb.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenCounterTextTest {

    private final TokenCounter cl100k = TokenCounter.forEncoding("cl100k_base");

    @Test
    void countsHelloWorldAsTheTwoReferenceTokens() {
        assertEquals(List.of(15339, 1917), Tokens.CL100K.encodeOrdinary("hello world").boxed());
        assertEquals(2, cl100k.countText("hello world"));
    }

    @Test
    void countsTiktokenReferenceSentence() {
        assertEquals(6, cl100k.countText("tiktoken is great!"));
    }

    @Test
    void countsSpecialTokenStringsAsOrdinaryText() {
        String text = "before <|endoftext|> after";
        int count = cl100k.countText(text);
        assertTrue(count > 0);
        assertEquals(Tokens.CL100K.encodeOrdinary(text).size(), count);
        assertEquals(7, cl100k.countText("<|endoftext|>"), "seven ordinary tokens, not the one special token");
    }

    @Test
    void countsNullAndEmptyTextAsZero() {
        assertEquals(0, cl100k.countText(null));
        assertEquals(0, cl100k.countText(""));
    }

    @Test
    void o200kCountsWithItsOwnVocabulary() {
        TokenCounter o200k = TokenCounter.forEncoding("o200k_base");
        assertEquals("o200k_base", o200k.encodingName());
        assertEquals(2, o200k.countText("hello world"));
        // A text whose count differs between the two vocabularies.
        String text = "Die Straßenbahn fährt über die Brücke, 東京タワーの近くで。";
        assertNotEquals(cl100k.countText(text), o200k.countText(text));
    }

    @Test
    void defaultsToCl100kWhenNoEncodingIsNamed() {
        assertEquals("cl100k_base", TokenCounter.forEncoding(null).encodingName());
        assertEquals("cl100k_base", TokenCounter.forEncoding(" ").encodingName());
        assertEquals("cl100k_base", TokenCounter.DEFAULT_ENCODING);
    }

    @Test
    void acceptsEveryJtokkitEncodingByNameIgnoringCase() {
        for (String name : List.of("cl100k_base", "o200k_base", "p50k_base", "p50k_edit", "r50k_base")) {
            assertEquals(name, TokenCounter.forEncoding(name.toUpperCase()).encodingName());
        }
    }

    @Test
    void unknownEncodingErrorListsTheAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenCounter.forEncoding("gpt2"));
        assertTrue(e.getMessage().contains("'gpt2'"), e.getMessage());
        for (String name : List.of("cl100k_base", "o200k_base", "p50k_base", "p50k_edit", "r50k_base")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }
}
