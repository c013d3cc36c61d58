package dev.tokenlb.count;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/** Expected counts computed straight from jtokkit, independently of {@link TokenCounter}. */
final class Tokens {

    static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private Tokens() {
    }

    /** cl100k_base tokens of the concatenation of the given texts, counted one by one. */
    static int cl100k(String... texts) {
        int sum = 0;
        for (String text : texts) {
            sum += CL100K.encodeOrdinary(text).size();
        }
        return sum;
    }
}
