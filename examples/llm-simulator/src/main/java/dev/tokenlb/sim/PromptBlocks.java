package dev.tokenlb.sim;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;

import java.util.Arrays;

/**
 * A request as the engine sees it, cut into prefix-cache blocks: its prompt tokens (the count the reply's
 * {@code usage} reports) and the chained hashes of its full blocks. The engine's token stream is a chat template of
 * our own: the {@code tools} array first, then each message's text behind a marker of its role, then (for a chat) the
 * assistant marker that asks for the reply, as {@code add_generation_prompt} does; a raw prompt is its text alone.
 * Markers are pseudo tokens that weigh in the hashes but not in the count, so {@code usage.prompt_tokens} stays the
 * text's cl100k count. Block {@code i}'s hash covers its tokens and block {@code i-1}'s hash, hence the whole prefix:
 * two requests share block {@code i} only if their first {@code (i+1) * blockTokens} tokens are the same, as in vLLM.
 * Only full blocks are hashed; pre-tokenized prompts (token-id arrays) count but get no blocks. Immutable.
 *
 * @param promptTokens the prompt's tokens, as {@link PromptTokenCounter#count} counts them
 * @param blockHashes  one hash per full block of the engine's token stream, in order
 */
record PromptBlocks(int promptTokens, long[] blockHashes) {

    private static final long[] NONE = new long[0];

    /** Counts only, no blocks: for a backend without prefix caching. */
    static PromptBlocks countOnly(LlmRequest request) {
        return new PromptBlocks(PromptTokenCounter.count(request), NONE);
    }

    /** Counts and cuts into blocks of {@code blockTokens}, tokenizing each piece once. Any thread. */
    static PromptBlocks of(LlmRequest request, int blockTokens) {
        if (request.kind() == ApiKind.EMBEDDING) {
            return countOnly(request);
        }
        Encoding cl100k = PromptTokenCounter.encoding();
        Chain chain = new Chain(blockTokens);
        if (request.toolsJson() != null) {
            chain.marker("tools");
            chain.tokens(cl100k.encodeOrdinary(request.toolsJson()));
        }
        int count = request.preTokenized();
        for (int i = 0; i < request.promptPieces().size(); i++) {
            String role = request.pieceRoles().get(i);
            if (role != null) {
                chain.marker(role);
            }
            IntArrayList tokens = cl100k.encodeOrdinary(request.promptPieces().get(i));
            count += tokens.size();
            chain.tokens(tokens);
        }
        if (request.kind() == ApiKind.CHAT) {
            chain.marker("assistant"); // the generation prompt
        }
        return new PromptBlocks(count, chain.hashes());
    }

    /** Cuts a token stream into blocks and hashes each full one with its parent's hash. Not thread-safe. */
    private static final class Chain {
        private final int blockTokens;
        private long[] hashes = new long[16];
        private int blocks;
        private long current = 0x6A09E667F3BCC908L; // the hash of "no parent"
        private long parent = current;
        private int filled;

        Chain(int blockTokens) {
            this.blockTokens = blockTokens;
        }

        void marker(String role) {
            add(-1 - (role.hashCode() & 0x7FFFFFFF)); // negative: never a real token id
        }

        void tokens(IntArrayList tokens) {
            for (int i = 0; i < tokens.size(); i++) {
                add(tokens.get(i));
            }
        }

        private void add(int token) {
            current = Long.rotateLeft(current ^ (token * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
            if (++filled == blockTokens) {
                long hash = mix(current ^ parent);
                if (blocks == hashes.length) {
                    hashes = Arrays.copyOf(hashes, blocks * 2);
                }
                hashes[blocks++] = hash;
                parent = hash;
                current = hash;
                filled = 0;
            }
        }

        long[] hashes() {
            return Arrays.copyOf(hashes, blocks);
        }

        /** SplitMix64's finalizer: every input bit moves every output bit. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
