package dev.tokenlb.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each engine's sample text, detected and read with its names; values folded over models, engines and ranks. */
class EngineAdaptersTest {

    private static final double EPS = 1e-9;

    private static EngineSample read(String file, EngineKind expected) {
        ParsedMetrics m = EngineMetricsSamples.parse(file);
        EngineAdapter adapter = EngineAdapters.detect(m);
        assertSame(expected, adapter.kind(), file + " is detected as " + expected);
        assertEquals(0, m.garbageLines(), file + " is well-formed");
        return adapter.sample(m, 77L);
    }

    @Test
    void readsVllmV1SummingEngineCoresAndTakingTheFullestKvCache() {
        EngineSample s = read("vllm.txt", EngineKind.VLLM);
        assertEquals(EngineKind.VLLM, s.engine());
        assertEquals(77L, s.takenNanos());
        assertEquals(7, s.running());
        assertEquals(1, s.waiting());
        assertEquals(0.62, s.kvUsage());
        assertEquals(4000, s.prefixCacheQueries());
        assertEquals(1000, s.prefixCacheHits());
        assertEquals(0.25, s.prefixCacheHitRatio(), EPS);
        assertEquals(20000, s.promptTokens());
        assertEquals(12000, s.generationTokens());
        assertEquals(8.0, s.timeToFirstTokenSum(), EPS);
        assertEquals(100, s.timeToFirstTokenCount());
        assertEquals(0.08, s.meanTimeToFirstTokenSeconds(), EPS);
        // the newer inter-token histogram, not the deprecated time-per-output-token one beside it (sum 198)
        assertEquals(24.0, s.interTokenLatencySum(), EPS);
        assertEquals(11900, s.interTokenLatencyCount());
        assertEquals(5.0, s.prefillTimeSum(), EPS);
        assertEquals(96, s.prefillTimeCount());
        assertTrue(Double.isNaN(s.reportedGenerationThroughput()), "vLLM reports no throughput gauge");
    }

    @Test
    void readsVllmV0NamesWithTheEngineOwnHitRate() {
        EngineSample s = read("vllm-v0.txt", EngineKind.VLLM);
        assertEquals(2, s.running());
        assertEquals(5, s.waiting());
        assertEquals(0.9125, s.kvUsage());
        assertEquals(0.375, s.prefixCacheHitRatio());
        assertTrue(Double.isNaN(s.prefixCacheQueries()));
        assertEquals(4.2e5, s.promptTokens());
        assertEquals(9.6e4, s.generationTokens());
        assertEquals(282.0, s.interTokenLatencySum(), EPS);
        assertEquals(9400, s.interTokenLatencyCount());
        assertTrue(Double.isNaN(s.prefillTimeSum()));
    }

    @Test
    void readsSglangSummingRanksAndTakingTheHighestRatios() {
        EngineSample s = read("sglang.txt", EngineKind.SGLANG);
        assertEquals(21, s.running());
        assertEquals(5, s.waiting());
        assertEquals(0.41, s.kvUsage());
        assertEquals(0.125, s.prefixCacheHitRatio());
        assertEquals(8.128902e+06, s.prefixCacheQueries());
        assertEquals(2.032225e+06, s.prefixCacheHits());
        assertEquals(8.128902e+06, s.promptTokens());
        assertEquals(7.557572e+06, s.generationTokens());
        assertEquals(1452.75, s.reportedGenerationThroughput(), EPS);
        assertEquals(11250, s.timeToFirstTokenCount());
        assertEquals(7546322, s.interTokenLatencyCount());
        assertEquals(0.02, s.meanInterTokenLatencySeconds(), 1e-6);
    }

    @Test
    void readsLlamaCppSlotsQueueAndThroughputs() {
        EngineSample s = read("llamacpp.txt", EngineKind.LLAMA_CPP);
        assertEquals(2, s.running());
        assertEquals(5, s.waiting());
        assertEquals(0.1875, s.kvUsage());
        assertEquals(33065, s.promptTokens());
        assertEquals(7801, s.generationTokens());
        assertEquals(140.26, s.reportedPromptThroughput());
        assertEquals(18.9762, s.reportedGenerationThroughput());
        assertTrue(Double.isNaN(s.timeToFirstTokenSum()));
        assertTrue(Double.isNaN(s.prefixCacheHitRatio()));
    }

    @Test
    void aNewerLlamaCppWithoutKvUsageReportsItAsNaNNotZero() {
        String text = EngineMetricsSamples.read("llamacpp.txt").replaceAll("(?m)^.*kv_cache_usage_ratio.*\\n", "");
        ParsedMetrics m = PrometheusText.parse(text, EngineAdapters.ALL_NAMES);
        EngineSample s = EngineAdapters.detect(m).sample(m, 0);
        assertTrue(Double.isNaN(s.kvUsage()));
        assertEquals(2, s.running());
    }

    @Test
    void readsTgiQueueBatchAndHistogramSums() {
        EngineSample s = read("tgi.txt", EngineKind.TGI);
        assertEquals(24, s.running());
        assertEquals(7, s.waiting());
        assertEquals(241530, s.promptTokens());
        assertEquals(167314, s.generationTokens());
        assertEquals(0.028, s.meanInterTokenLatencySeconds(), 1e-9);
        assertTrue(Double.isNaN(s.kvUsage()));
        assertTrue(Double.isNaN(s.timeToFirstTokenSum()));
    }

    @Test
    void detectsNothingInMetricsOfAnotherKind() {
        ParsedMetrics m = PrometheusText.parse("""
                # HELP go_goroutines Number of goroutines that currently exist.
                # TYPE go_goroutines gauge
                go_goroutines 42
                http_requests_total{code="200"} 7
                """, EngineAdapters.ALL_NAMES);
        assertNull(EngineAdapters.detect(m));
        assertEquals(2, m.samples());
    }

    @Test
    void aForcedAdapterFindsNothingInAnotherEnginesText() {
        ParsedMetrics m = PrometheusText.parse(EngineMetricsSamples.read("vllm.txt"),
                EngineAdapters.of(EngineKind.SGLANG).names());
        assertEquals(0, EngineAdapters.of(EngineKind.SGLANG).score(m));
        assertTrue(m.values().isEmpty());
    }

    @Test
    void everyKindHasAnAdapterAndNoTwoEnginesShareAName() {
        int total = 0;
        for (EngineKind kind : EngineKind.values()) {
            assertSame(kind, EngineAdapters.of(kind).kind());
            total += EngineAdapters.of(kind).names().size();
        }
        assertEquals(total, EngineAdapters.ALL_NAMES.size());
    }
}
