package dev.tokenlb.jmh;

import java.util.SplittableRandom;

import com.knuddels.jtokkit.api.Encoding;

/**
 * Deterministic prompt text of about a given number of cl100k_base tokens: mostly English prose (sentences from a
 * fixed vocabulary, with numbers and punctuation), every fifth paragraph a short code or JSON snippet, as in the
 * retrieval and coding prompts an LLM gateway sees. The same size always gives the same text. No special-token
 * strings, so {@code countTokens} applies as well as {@code countTokensOrdinary}.
 */
final class Prompts {

    private static final String[] WORDS = ("the a an of to in for on with by from as at that this these which when "
            + "while after before because although request server model token tokens prompt reply stream batch queue "
            + "latency throughput backend gateway cluster node memory cache kernel decode prefill attention layer "
            + "weight budget cost load balance balancer route routes client user assistant system message context "
            + "window document section paragraph summary answer question result results value values count counts "
            + "measure measured estimate estimated run runs running wait waits waiting finish finished start started "
            + "fast slow faster slower large small larger smaller first last next previous every each several many "
            + "few most least better worse simple careful clear open closed shared local remote steady sudden "
            + "heavy light early late new old half whole part parts share shares time times second seconds minute "
            + "percent rate rates limit limits peak average median tail p99 GPU CPU HTTP JSON API vLLM llama.cpp "
            + "Kubernetes Camel OpenAI operator engineer team report incident review because therefore however "
            + "meanwhile instead also only still already often rarely usually never always sometimes")
            .split(" ");

    private static final String[] SNIPPETS = {
        "```java\nLease lease = ledger.reserve(policy, cost, prompt, null);\ntry {\n    send(lease.target());\n}"
                + " finally {\n    lease.release();\n}\n```",
        "```json\n{\"model\": \"llama-3-70b\", \"max_tokens\": 512, \"temperature\": 0.2, \"stream\": true}\n```",
        "```python\ndef p99(samples):\n    s = sorted(samples)\n    return s[int(0.99 * (len(s) - 1))]\n```",
        "```yaml\nbackends:\n  - url: http://gpu1:8000\n    weight: 2\n  - url: http://gpu2:8000\n    weight: 1\n```",
        "| backend | in-flight tokens | requests |\n|---|---|---|\n| gpu1 | 12,480 | 7 |\n| gpu2 | 3,915 | 2 |",
    };

    private Prompts() {
    }

    /** About {@code targetTokens} tokens (within a sentence's worth) of text, the same for the same arguments. */
    static String text(Encoding encoding, int targetTokens, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(targetTokens * 5);
        int tokens = 0;
        int paragraph = 0;
        while (tokens < targetTokens) {
            String piece = paragraph % 5 == 4 ? SNIPPETS[random.nextInt(SNIPPETS.length)] : paragraph(random);
            String chunk = (paragraph == 0 ? "" : "\n\n") + piece;
            // Counted piece by piece; paragraph breaks make the sum equal to the whole text's count or very close.
            tokens += encoding.countTokensOrdinary(chunk);
            text.append(chunk);
            paragraph++;
        }
        return text.toString();
    }

    private static String paragraph(SplittableRandom random) {
        StringBuilder p = new StringBuilder();
        int sentences = 3 + random.nextInt(4);
        for (int s = 0; s < sentences; s++) {
            if (s > 0) {
                p.append(' ');
            }
            int words = 6 + random.nextInt(14);
            for (int w = 0; w < words; w++) {
                String word = random.nextInt(12) == 0 ? Integer.toString(random.nextInt(10_000)) : pick(random);
                if (w == 0) {
                    word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                } else {
                    p.append(random.nextInt(9) == 0 ? ", " : " ");
                }
                p.append(word);
            }
            p.append(random.nextInt(6) == 0 ? '?' : '.');
        }
        return p.toString();
    }

    private static String pick(SplittableRandom random) {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
