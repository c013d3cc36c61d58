package dev.tokenlb.cost;

import java.util.Random;

import dev.tokenlb.count.ApiShape;
import dev.tokenlb.count.CountedRequest;
import dev.tokenlb.count.TokenCounter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearnedOutputEstimatorTest {

    private static final TokenCounter COUNTER = TokenCounter.forEncoding("cl100k_base");

    private static CountedRequest chat(String model, int promptWords, Integer maxTokens) {
        String content = "word ".repeat(promptWords);
        String limit = maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens;
        return COUNTER.count("{\"model\":\"" + model + "\"" + limit + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                             + content + "\"}]}", ApiShape.CHAT_COMPLETIONS);
    }

    @Test
    void startsFromThePriorBeforeAnyReply() {
        LearnedOutputEstimator estimator = new LearnedOutputEstimator(256);
        assertEquals(256, estimator.expectedOutputTokens(chat("m", 10, null), null));
    }

    @Test
    void convergesOnTheMeanOfAKnownDistribution() {
        LearnedOutputEstimator estimator = new LearnedOutputEstimator(256);
        Random random = new Random(42);
        CountedRequest request = chat("m", 50, null);
        double sum = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            // lognormal around a median of 150: heavy tailed, mean about 150 * e^(0.8^2 / 2) = 206
            long length = Math.round(150 * Math.exp(0.8 * random.nextGaussian()));
            sum += length;
            estimator.observe(request, length);
        }
        double trueMean = 150 * Math.exp(0.8 * 0.8 / 2);
        long estimate = estimator.expectedOutputTokens(request, null);
        assertTrue(Math.abs(estimate - trueMean) < 0.15 * trueMean, "estimate " + estimate + " vs " + trueMean);
        assertEquals(n, estimator.accuracy().get(0).replies());
        assertEquals(sum / n, estimator.accuracy().get(0).meanObserved(), 1e-6);
    }

    @Test
    void learnsSeparatelyPerPromptSizeAndModel() {
        LearnedOutputEstimator estimator = new LearnedOutputEstimator(256);
        for (int i = 0; i < 300; i++) {
            estimator.observe(chat("m", 5, null), 40);
            estimator.observe(chat("m", 2000, null), 900);
            estimator.observe(chat("other", 5, null), 600);
        }
        assertTrue(estimator.expectedOutputTokens(chat("m", 5, null), null) < 60);
        assertTrue(estimator.expectedOutputTokens(chat("m", 2000, null), null) > 850);
        assertTrue(estimator.expectedOutputTokens(chat("other", 5, null), null) > 550);
    }

    @Test
    void neverExpectsMoreThanTheRequestsOwnLimit() {
        LearnedOutputEstimator estimator = new LearnedOutputEstimator(256);
        for (int i = 0; i < 100; i++) {
            estimator.observe(chat("m", 5, null), 1000);
        }
        assertEquals(32, estimator.expectedOutputTokens(chat("m", 5, 32), null));
        assertEquals(0, estimator.expectedOutputTokens(chat("m", 5, 0), null));
    }

    @Test
    void ignoresRepliesWithoutACountAndEmbeddings() {
        LearnedOutputEstimator estimator = new LearnedOutputEstimator(100);
        CountedRequest request = chat("m", 5, null);
        estimator.observe(request, -1);
        assertEquals(100, estimator.expectedOutputTokens(request, null));
        assertTrue(estimator.accuracy().isEmpty());
        CountedRequest embedding = COUNTER.count("{\"model\":\"e\",\"input\":\"hi\"}", ApiShape.EMBEDDINGS);
        estimator.observe(embedding, 5);
        assertEquals(0, estimator.expectedOutputTokens(embedding, null));
    }

    @Test
    void memoryStaysBoundedWithManyModelsAndShapes() {
        LearnedOutputEstimator estimator = new LearnedOutputEstimator(100);
        for (int i = 0; i < 5000; i++) {
            estimator.observe(chat("model-" + i, i % 40, i % 7 == 0 ? null : i), 10);
        }
        assertTrue(estimator.accuracy().size() <= LearnedOutputEstimator.MAX_MODELS + 1);
    }
}
