package dev.tokenlb.sim;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts a request's prompt tokens with cl100k_base, the way the gateway counts them, so the balancer's estimate and
 * the backend's {@code usage.prompt_tokens} agree. Only the text counts (no per-message overhead). Stateless,
 * thread-safe; the encoding is loaded once per JVM, on first use or by {@link #warmUp()}.
 */
final class PromptTokenCounter {

    private PromptTokenCounter() {
    }

    /** Loads the encoding now; call it off the event loop, since loading takes a few hundred milliseconds. */
    static void warmUp() {
        Holder.CL100K.countTokensOrdinary("warm up");
    }

    /** cl100k_base, loaded on first use. */
    static Encoding encoding() {
        return Holder.CL100K;
    }

    static int count(LlmRequest request) {
        int tokens = request.preTokenized();
        for (String piece : request.promptPieces()) {
            // countTokensOrdinary: user text may contain "<|endoftext|>", which countTokens rejects
            tokens += Holder.CL100K.countTokensOrdinary(piece);
        }
        return tokens;
    }

    /** Lazy holder: the lazy registry loads only cl100k_base, not every encoding. */
    private static final class Holder {
        static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
}
