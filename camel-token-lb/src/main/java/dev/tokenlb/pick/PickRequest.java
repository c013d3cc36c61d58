package dev.tokenlb.pick;

/**
 * What a pick knows of one request: its cost in tokens, how much of it is prompt, and per target how many of those
 * prompt tokens are probably cached there already (a prefix the target served before), so need no prefill.
 *
 * @param cost         tokens the request reserves (prompt and expected output), >= 0
 * @param prompt       prompt tokens of the cost, 0 <= prompt <= cost
 * @param cachedPrompt per target, prompt tokens probably cached there; null when nothing is known. Not copied: the
 *                     caller must not change it during the pick
 * @param streamed     the reply streams, so its first token is what its user waits for first
 */
public record PickRequest(long cost, long prompt, long[] cachedPrompt, boolean streamed) {

    public PickRequest {
        if (cost < 0 || prompt < 0 || prompt > cost) {
            throw new IllegalArgumentException("need 0 <= prompt <= cost, was " + prompt + " of " + cost);
        }
    }

    /** A request whose reply is not streamed. */
    public PickRequest(long cost, long prompt, long[] cachedPrompt) {
        this(cost, prompt, cachedPrompt, false);
    }

    public static PickRequest of(long cost, long prompt) {
        return new PickRequest(cost, prompt, null);
    }

    /** Prompt tokens the target would have to prefill: at least one (an engine always computes the last token). */
    public long uncachedPrompt(int index) {
        if (cachedPrompt == null || index >= cachedPrompt.length || prompt == 0) {
            return prompt;
        }
        return Math.max(1, prompt - Math.max(0, cachedPrompt[index]));
    }

    /** Expected output tokens: the cost beyond the prompt. */
    public long output() {
        return cost - prompt;
    }
}
