package dev.tokenlb.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class TokenCounterConcurrencyTest {

    @Test
    void sharedCounterGivesEveryThreadTheSameCounts() throws Exception {
        TokenCounter counter = TokenCounter.forEncoding("o200k_base");
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "Zählen wir Tokens, 並行して. ".repeat(200)
                + "\"}],\"max_tokens\":64}";
        int expected = counter.count(body, ApiShape.AUTO).promptTokens();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int sum = 0;
                    for (int i = 0; i < 50; i++) {
                        sum += counter.count(body, ApiShape.AUTO).promptTokens();
                    }
                    return sum;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertEquals(50 * expected, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
