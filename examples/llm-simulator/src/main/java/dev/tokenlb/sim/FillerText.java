package dev.tokenlb.sim;

/**
 * The generated text: common English words with a leading space, each one cl100k_base token, so re-counting the
 * reply's text gives about {@code usage.completion_tokens}. Deterministic per (seed, index). Stateless, thread-safe.
 */
final class FillerText {

    private static final String[] WORDS = {
        " the", " of", " and", " to", " in", " is", " that", " for", " it", " as", " with", " was", " on", " be",
        " at", " by", " this", " had", " not", " are", " but", " from", " or", " have", " an", " they", " which",
        " one", " you", " were", " all", " we", " when", " there", " can", " more", " time", " model", " token",
        " data", " system", " simple", " answer", " example", " result", " value", " request", " server",
    };

    private FillerText() {
    }

    /** The {@code index}-th token (from 1) of the reply seeded with {@code seed}; plain ASCII, safe in JSON as is. */
    static String word(long seed, int index) {
        long mixed = (seed + index) * 0x9E3779B97F4A7C15L; // Fibonacci hashing: neighbours land far apart
        return WORDS[(int) Math.floorMod(mixed >>> 32, (long) WORDS.length)];
    }

    /** The whole reply of {@code tokens} tokens. */
    static String text(long seed, int tokens) {
        StringBuilder text = new StringBuilder(tokens * 6);
        for (int i = 1; i <= tokens; i++) {
            text.append(word(seed, i));
        }
        return text.toString();
    }
}
