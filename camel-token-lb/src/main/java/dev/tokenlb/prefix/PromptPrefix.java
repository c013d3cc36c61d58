package dev.tokenlb.prefix;

import java.nio.CharBuffer;

/**
 * A request's prompt as chained block hashes, for {@link PrefixIndex} lookups: what an engine's prefix cache would
 * match. Built from the raw JSON body, from the first key that starts the prompt as the engine sees it ({@code tools},
 * {@code messages}, {@code prompt}, {@code input}, {@code instructions}) to the end, with no parse of its own: a
 * client sends a conversation's next turn with the same fields in the same order and spelling, so the earlier turns
 * hash alike and the blocks match up to where the new turn begins; fields after the prompt only touch the last blocks.
 * A body without such a key is hashed whole.
 * <p>
 * Immutable. {@link #HASHER} is the one hasher of the process, so every chain can be compared with every index.
 *
 * @param chain the block hashes, one per whole block of {@link PrefixHasher#charsPerBlock()} characters
 * @param chars characters hashed (whole and partial blocks): with the prompt's token count, the tokens per block
 */
public record PromptPrefix(long[] chain, int chars) {

    /** The process's hasher: 64-character blocks (about 16 tokens, an engine's block), a random seed. */
    public static final PrefixHasher HASHER = new PrefixHasher();

    private static final String[] PROMPT_KEYS = {"\"tools\"", "\"messages\"", "\"prompt\"", "\"input\"",
                                                 "\"instructions\""};

    /** The prefix of a request body; null for a null or empty body. */
    public static PromptPrefix of(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        int start = promptStart(body);
        CharSequence region = CharBuffer.wrap(body, start, body.length());
        return new PromptPrefix(HASHER.chain(region), body.length() - start);
    }

    /** Where the first prompt key of the body starts, or 0 when it has none. */
    static int promptStart(String body) {
        int best = -1;
        for (String key : PROMPT_KEYS) {
            int at = keyIndex(body, key);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return Math.max(best, 0);
    }

    /** The first place where the quoted name stands as a key (followed by a colon), or -1. */
    private static int keyIndex(String body, String quoted) {
        int from = 0;
        while (true) {
            int at = body.indexOf(quoted, from);
            if (at < 0) {
                return -1;
            }
            int k = at + quoted.length();
            while (k < body.length() && Character.isWhitespace(body.charAt(k))) {
                k++;
            }
            if (k < body.length() && body.charAt(k) == ':' && (at == 0 || body.charAt(at - 1) != '\\')) {
                return at;
            }
            from = at + 1;
        }
    }

    /**
     * Prompt tokens in the first {@code blocks} blocks, at this prompt's own tokens per character.
     *
     * @param promptTokens the prompt's token count
     */
    public long tokensIn(int blocks, long promptTokens) {
        if (blocks <= 0 || chars <= 0) {
            return 0;
        }
        long matchedChars = (long) blocks * HASHER.charsPerBlock();
        return Math.min(promptTokens, Math.round((double) matchedChars * promptTokens / chars));
    }
}
