package dev.tokenlb.count;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The count cache gives exactly jtokkit's counts, tokenizes a long text once while it is remembered, stays bounded. */
class CountCacheTest {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @Test
    void aLongTextSentAgainIsTokenizedOnce() {
        Tokenizations tokenizations = new Tokenizations(CL100K);
        CountCache cache = new CountCache(tokenizations, 64);
        String history = text(new SplittableRandom(1), 2_000);
        int expected = CL100K.countTokensOrdinary(history);
        for (int turn = 0; turn < 5; turn++) {
            assertEquals(expected, cache.countTokensOrdinary(history));
        }
        assertEquals(1, tokenizations.calls.get());
        assertEquals(4, cache.hits());
        assertEquals(1, cache.misses());
        // an equal text in another String object is the same text
        assertEquals(expected, cache.countTokensOrdinary(new String(history.toCharArray())));
        assertEquals(1, tokenizations.calls.get());
    }

    @Test
    void shortTextsAreCountedEveryTimeAndNotRemembered() {
        Tokenizations tokenizations = new Tokenizations(CL100K);
        CountCache cache = new CountCache(tokenizations, 64);
        String question = "What is the p99 latency of the gateway under load?";
        assertTrue(question.length() < CountCache.MIN_CHARS);
        for (int i = 0; i < 3; i++) {
            assertEquals(CL100K.countTokensOrdinary(question), cache.countTokensOrdinary(question));
        }
        assertEquals(3, tokenizations.calls.get());
        assertEquals(0, cache.remembered());
    }

    @Test
    void textsOfTheSameLengthKeepTheirOwnCounts() {
        CountCache cache = new CountCache(CL100K, 1); // one slot: every text competes for it
        String words = "the model answers ".repeat(20);
        String digits = "8".repeat(words.length()); // same length, another count (digits go three to a token)
        int wordsTokens = CL100K.countTokensOrdinary(words);
        int digitsTokens = CL100K.countTokensOrdinary(digits);
        assertNotEquals(wordsTokens, digitsTokens);
        for (int i = 0; i < 3; i++) {
            assertEquals(wordsTokens, cache.countTokensOrdinary(words));
            assertEquals(digitsTokens, cache.countTokensOrdinary(digits));
        }
    }

    @Test
    void memoryIsBoundedByTheSlotsWhateverTheTraffic() {
        CountCache cache = new CountCache(CL100K, 16);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            String text = i + " " + text(random, CountCache.MIN_CHARS);
            assertEquals(CL100K.countTokensOrdinary(text), cache.countTokensOrdinary(text));
        }
        assertEquals(16, cache.capacity());
        assertTrue(cache.remembered() <= 16);
        assertEquals(1024, new CountCache(CL100K, 1000).capacity(), "rounded up to a power of two");
    }

    /** Many threads, few slots, texts overwriting each other: every count is still exact. */
    @Test
    void everyThreadGetsExactCountsWhileSlotsAreOverwritten() throws Exception {
        CountCache cache = new CountCache(CL100K, 4);
        SplittableRandom random = new SplittableRandom(3);
        List<String> texts = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String text = text(random, 300 + 97 * i);
            texts.add(text);
            counts.add(CL100K.countTokensOrdinary(text));
        }
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                wrong.add(pool.submit(() -> {
                    start.await();
                    int mistakes = 0;
                    for (int i = 0; i < 600; i++) {
                        int k = (i * 7 + offset) % texts.size();
                        if (cache.countTokensOrdinary(texts.get(k)) != counts.get(k)) {
                            mistakes++;
                        }
                    }
                    return mistakes;
                }));
            }
            start.countDown();
            for (Future<Integer> w : wrong) {
                assertEquals(0, w.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCounterCanGoWithoutCacheAndRefusesANegativeSize() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "count me ".repeat(100) + "\"}]}";
        int cached = TokenCounter.forEncoding("cl100k_base").count(body, ApiShape.AUTO).promptTokens();
        int uncached = TokenCounter.forEncoding("cl100k_base", 0).count(body, ApiShape.AUTO).promptTokens();
        assertEquals(uncached, cached);
        assertThrows(IllegalArgumentException.class, () -> TokenCounter.forEncoding("cl100k_base", -1));
        assertThrows(IllegalArgumentException.class, () -> new CountCache(CL100K, 0));
    }

    @Test
    void theHashDependsOnEveryCharacterAndOnTheSeed() {
        String text = "a".repeat(CountCache.MIN_CHARS);
        long base = CountCache.hash(text, 1);
        for (int i = 0; i < text.length(); i++) {
            char[] changed = text.toCharArray();
            changed[i] = 'b';
            assertNotEquals(base, CountCache.hash(new String(changed), 1), "a change at " + i);
        }
        assertNotEquals(base, CountCache.hash(text, 2));
        assertNotEquals(CountCache.hash("ab".repeat(200), 1), CountCache.hash("ba".repeat(200), 1));
    }

    private static String text(SplittableRandom random, int chars) {
        String[] words = { "token", "balancer", "latency", "the", "of", "GPU", "stream", "ledger", "Zählen", "並行",
            "backend", "request", "😀", "queue", "prompt" };
        StringBuilder out = new StringBuilder(chars + 16);
        while (out.length() < chars) {
            out.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? ". " : " ");
        }
        return out.toString();
    }

    /** A real encoding that counts how often it is asked to tokenize. */
    private static final class Tokenizations extends ForwardingEncoding {
        final AtomicInteger calls = new AtomicInteger();

        Tokenizations(Encoding encoding) {
            super(encoding);
        }

        @Override
        public int countTokensOrdinary(String text) {
            calls.incrementAndGet();
            return super.countTokensOrdinary(text);
        }
    }
}
