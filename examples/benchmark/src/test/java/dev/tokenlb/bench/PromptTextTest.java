package dev.tokenlb.bench;

import java.util.SplittableRandom;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PromptTextTest {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @ParameterizedTest
    @ValueSource(ints = {300, 3_000, 12_000, 30_000})
    void textHasAboutTheWantedNumberOfCl100kTokens(int wanted) {
        int counted = CL100K.countTokensOrdinary(PromptText.words(new SplittableRandom(7), wanted));
        assertEquals(wanted, counted, wanted * 0.03, "cl100k tokens of a " + wanted + "-token prompt");
    }

    @ParameterizedTest
    @ValueSource(ints = {300})
    void sameSeedSameTextOtherSeedOtherText(int tokens) {
        assertEquals(PromptText.words(new SplittableRandom(1), tokens),
                PromptText.words(new SplittableRandom(1), tokens));
        assertNotEquals(PromptText.words(new SplittableRandom(1), tokens),
                PromptText.words(new SplittableRandom(2), tokens));
    }
}
