package dev.tokenlb.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.tokenlb.sim.PrefixCacheTest.chain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vLLM's {@code /metrics}: the text parses, its values are the engine's state, and it can be switched off. */
@Timeout(30)
class VllmMetricsTest {

    private static final String M = "{model_name=\"sim-model\"}";

    @Test
    void theTextShowsTheEnginesStateAtTheMomentOfTheScrape() {
        ManualClock clock = new ManualClock();
        BatchingEngine engine = new BatchingEngine(SimulatorConfig.builder()
                .decodeStepBaseMillis(10).decodeStepPerSequenceMillis(0).decodeStepPerThousandKvTokensMillis(0)
                .prefillTokensPerSecond(1000).maxRunningSequences(2).maxKvTokens(1000).build(),
                clock, new SimulatorStats());
        for (int i = 0; i < 3; i++) {
            engine.submit(new RecordingSequence(clock, 100, 5, chain(i, 6)).sequence);
        }
        clock.runNext(); // t = 0: two admitted, one waits; a 10 + 200 ms step begins
        clock.runNext(); // t = 210 ms: each running sequence has its first token

        PrometheusSamples m = PrometheusSamples.parse(VllmMetricsText.render(engine, "sim-model"));

        assertEquals(2, m.value("vllm:num_requests_running" + M));
        assertEquals(1, m.value("vllm:num_requests_waiting" + M));
        assertEquals(0.202, m.value("vllm:kv_cache_usage_perc" + M), 1e-9, "2 x (100 prompt + 1 generated) / 1000");
        assertEquals(200, m.value("vllm:prompt_tokens_total" + M), "the admitted prompts only");
        assertEquals(200, m.value("vllm:prefix_cache_queries_total" + M));
        assertEquals(0, m.value("vllm:prefix_cache_hits_total" + M));
        assertEquals(2, m.value("vllm:generation_tokens_total" + M));
        assertEquals(0, m.value("vllm:num_preemptions_total" + M));
        assertEquals(2, m.value("vllm:time_to_first_token_seconds_count" + M));
        assertEquals(0.42, m.value("vllm:time_to_first_token_seconds_sum" + M), 1e-9);
        assertEquals(0, m.value("vllm:time_to_first_token_seconds_bucket{le=\"0.1\",model_name=\"sim-model\"}"));
        assertEquals(2, m.value("vllm:time_to_first_token_seconds_bucket{le=\"0.25\",model_name=\"sim-model\"}"));
        assertEquals(2, m.value("vllm:time_to_first_token_seconds_bucket{le=\"+Inf\",model_name=\"sim-model\"}"));
        assertEquals(0, m.value("vllm:inter_token_latency_seconds_count" + M));
        assertEquals("counter", m.types.get("vllm:prompt_tokens_total"));
        assertEquals("gauge", m.types.get("vllm:kv_cache_usage_perc"));
        assertEquals("histogram", m.types.get("vllm:inter_token_latency_seconds"));

        clock.advanceTo(220); // one more step: a second token each, 10 ms after the first

        PrometheusSamples later = PrometheusSamples.parse(VllmMetricsText.render(engine, "sim-model"));
        assertEquals(2, later.value("vllm:inter_token_latency_seconds_count" + M));
        assertEquals(0.02, later.value("vllm:inter_token_latency_seconds_sum" + M), 1e-9);
        assertEquals(2, later.value("vllm:inter_token_latency_seconds_bucket{le=\"0.01\",model_name=\"sim-model\"}"),
                "an observation equal to a bound falls in its bucket");
    }

    @Test
    void aServedBackendCountsWhatItServedAndItsPrefixHits() throws Exception {
        try (SimulatedLlmServer server = SimulatedLlmServer.start(SimClient.fastConfig()
                .outputLengths(SimClient.fixedLength(5)).build())) {
            String body = SimClient.chatBody("a question long enough to fill a few blocks of sixteen tokens each, "
                    + "so that asking it twice shows the prefix cache at work in the engine's own counters", null, true);
            SimClient.stream(server.baseUrl() + "/v1/chat/completions", body);
            SimClient.stream(server.baseUrl() + "/v1/chat/completions", body);
            assertTrue(SimClient.eventually(() -> server.stats().completed() == 2));

            HttpResponse<String> reply = SimClient.get(server.baseUrl() + "/metrics");

            assertEquals(200, reply.statusCode());
            assertEquals(VllmMetricsText.CONTENT_TYPE, reply.headers().firstValue("content-type").orElse(""));
            PrometheusSamples m = PrometheusSamples.parse(reply.body());
            long prompt = server.stats().promptTokens();
            assertEquals(prompt, m.value("vllm:prompt_tokens_total" + M));
            assertEquals(10, m.value("vllm:generation_tokens_total" + M));
            assertEquals(0, m.value("vllm:num_requests_running" + M));
            assertEquals(0, m.value("vllm:kv_cache_usage_perc" + M));
            double hits = m.value("vllm:prefix_cache_hits_total" + M);
            assertTrue(hits > 0 && hits < prompt / 2.0, "the second request's full blocks but its last: " + hits);
            assertEquals(0, hits % 16);
            assertEquals(2, m.value("vllm:time_to_first_token_seconds_count" + M));
            assertEquals(8, m.value("vllm:inter_token_latency_seconds_count" + M));
        }
    }

    @Test
    void switchedOffTheEndpointAnswers404() throws Exception {
        try (SimulatedLlmServer off = SimulatedLlmServer.start(SimClient.fastConfig().metricsEnabled(false).build());
             SimulatedLlmServer on = SimulatedLlmServer.start(SimClient.fastConfig().build())) {
            assertEquals(404, SimClient.get(off.baseUrl() + "/metrics").statusCode());
            assertEquals(200, SimClient.get(on.baseUrl() + "/metrics").statusCode());

            on.setMetricsEnabled(false);
            assertEquals(404, SimClient.get(on.baseUrl() + "/metrics").statusCode());
            off.setMetricsEnabled(true);
            assertEquals(200, SimClient.get(off.baseUrl() + "/metrics").statusCode());
        }
    }

    @Test
    void activeAdaptersAreReportedAsVllmsLoraInfoAndOnlyWhenSet() {
        BatchingEngine engine = new BatchingEngine(SimulatorConfig.builder().build(), new ManualClock(),
                new SimulatorStats());
        ModelList models = ModelList.parse("base,sql-lora@base,chat-lora@base");
        assertTrue(!VllmMetricsText.render(engine, "base", models).contains("lora"));

        String text = VllmMetricsText.render(engine, "base", models.withActiveAdapters(List.of("sql-lora",
                "chat-lora"), 2));
        PrometheusSamples m = PrometheusSamples.parse(text);
        assertEquals("gauge", m.types.get("vllm:lora_requests_info"));
        double setAt = m.value("vllm:lora_requests_info{max_lora=\"2\",running_lora_adapters=\"sql-lora,chat-lora\","
                               + "waiting_lora_adapters=\"\"}");
        assertTrue(setAt > 1.7e9, "the value is the time it was set, in seconds: " + setAt);
    }
}
