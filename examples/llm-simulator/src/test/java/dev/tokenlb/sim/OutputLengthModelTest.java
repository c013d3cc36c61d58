package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLengthModelTest {

    private final OutputLengthModel model = OutputLengthModel.defaults();

    @Test
    void theSameKeyAlwaysGetsTheSameLength() {
        String key = OutputLengthModel.lengthKey("m", "tell me a story");
        int first = model.outputTokensFor(key, null);

        assertEquals(first, model.outputTokensFor(key, null));
        assertEquals(first, new OutputLengthModel(150, 1.0, 1, 2000, 0).outputTokensFor(key, null));
    }

    @Test
    void maxTokensCapsTheLength() {
        String key = longKey();
        int natural = model.naturalOutputTokensFor(key);

        assertEquals(natural - 1, model.outputTokensFor(key, natural - 1));
        assertEquals(natural, model.outputTokensFor(key, natural + 1000));
    }

    @Test
    void lengthsAreHeavyTailedAroundTheMedianAndWithinBounds() {
        int[] lengths = new int[20_000];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = model.naturalOutputTokensFor("prompt number " + i);
        }
        Arrays.sort(lengths);
        int median = lengths[lengths.length / 2];
        int p99 = lengths[lengths.length * 99 / 100];

        assertTrue(median > 135 && median < 165, "median " + median);
        assertTrue(p99 > 1000, "the tail reaches far: p99 " + p99);
        assertTrue(lengths[0] >= 1 && lengths[lengths.length - 1] <= 2000);
    }

    @Test
    void anotherSeedGivesOtherLengths() {
        OutputLengthModel reseeded = new OutputLengthModel(150, 1.0, 1, 2000, 7);
        int differing = 0;
        for (int i = 0; i < 100; i++) {
            String key = "k" + i;
            differing += model.naturalOutputTokensFor(key) != reseeded.naturalOutputTokensFor(key) ? 1 : 0;
        }
        assertTrue(differing > 80, "differing " + differing);
    }

    @Test
    void sigmaZeroGivesEveryRequestTheMedian() {
        OutputLengthModel fixed = new OutputLengthModel(40, 0, 1, 2000, 0);
        assertEquals(40, fixed.naturalOutputTokensFor("a"));
        assertEquals(40, fixed.naturalOutputTokensFor("b"));
    }

    @Test
    void theOracleReadsABodyAsTheServerDoesIgnoringStreamAndEndpointFields() {
        String plain = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        String streamed = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        String capped = "{\"model\":\"m\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        int expected = model.outputTokensFor(OutputLengthModel.lengthKey("m", "hello"), null);

        assertEquals(expected, model.outputTokensForRequestBody(plain));
        assertEquals(expected, model.outputTokensForRequestBody(streamed));
        assertEquals(Math.min(3, expected), model.outputTokensForRequestBody(capped));
        assertNotEquals(-1, model.outputTokensForRequestBody("{\"prompt\":\"hello\"}"));
        assertThrows(IllegalArgumentException.class, () -> model.outputTokensForRequestBody("not json"));
    }

    @Test
    void rejectsParametersOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new OutputLengthModel(0, 1, 1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new OutputLengthModel(10, -1, 1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new OutputLengthModel(10, 1, 5, 4, 0));
    }

    /** A key whose natural length is above the minimum, so capping is visible. */
    private String longKey() {
        for (int i = 0; ; i++) {
            String key = "key " + i;
            if (model.naturalOutputTokensFor(key) > 50) {
                return key;
            }
        }
    }
}
