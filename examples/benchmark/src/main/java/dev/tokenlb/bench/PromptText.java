package dev.tokenlb.bench;

import java.util.SplittableRandom;

/**
 * Cheap prompt text of a wanted size in cl100k_base tokens: common English words with a leading space (one token
 * each) and a full stop every dozen words or so (one token), drawn from a seeded random generator, so that every
 * request's text, and with it the simulator's reply length, differs. Counting the result with jtokkit gives the wanted
 * size within a few percent ({@code PromptTextTest}). Stateless, thread-safe.
 */
final class PromptText {

    private static final String[] WORDS = {
        " the", " of", " and", " to", " in", " is", " that", " for", " it", " as", " with", " was", " on", " be",
        " at", " by", " this", " had", " not", " are", " but", " from", " or", " have", " an", " they", " which",
        " one", " you", " were", " all", " we", " when", " there", " can", " more", " time", " model", " data",
        " system", " answer", " example", " result", " value", " request", " server", " report", " market", " table",
        " price", " water", " city", " house", " school", " number", " people", " world", " year", " state", " group",
        " company", " question", " problem", " service", " order", " policy", " account", " customer", " product",
        " contract", " section", " page", " line", " point", " case", " team", " project", " plan", " rate", " level",
    };

    private PromptText() {
    }

    /** About {@code tokens} tokens of text; the same (random state, size) always gives the same text. */
    static String words(SplittableRandom random, int tokens) {
        StringBuilder text = new StringBuilder(tokens * 7);
        int untilStop = 8 + random.nextInt(10);
        for (int i = 0; i < tokens; i++) {
            if (--untilStop == 0) {
                text.append('.');
                untilStop = 8 + random.nextInt(10);
                continue;
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
