package dev.tokenlb.engine;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vLLM's {@code vllm:lora_requests_info}: an info gauge whose labels carry the adapter lists and whose value is the
 * time it was set; prometheus_client keeps every label set ever seen, so only the newest series is current. The sample
 * (vllm-lora.txt) has the exposition shape vLLM's v1 engine writes with {@code --enable-lora --max-loras 2}.
 */
class VllmLoraInfoTest {

    private static EngineSample vllm(String text) {
        return EngineAdapters.of(EngineKind.VLLM).sample(PrometheusText.parse(text, EngineAdapters.ALL_NAMES), 0);
    }

    @Test
    void activeAdaptersComeFromTheNewestSeriesRunningAndWaiting() {
        EngineSample s = vllm(EngineMetricsSamples.read("vllm-lora.txt"));
        assertEquals(Set.of("sql-lora", "chat-lora", "tool-lora"), s.activeAdapters());
        assertEquals(2, s.maxLora());
        assertEquals(2, s.running());
    }

    @Test
    void anEngineWithoutLoraReportsNoAdaptersAndNoMaximum() {
        EngineSample s = vllm(EngineMetricsSamples.read("vllm.txt"));
        assertTrue(s.activeAdapters().isEmpty());
        assertTrue(Double.isNaN(s.maxLora()));
    }

    @Test
    void escapedLabelValuesAreDecodedAndOtherLabelsStaySkipped() {
        String text = "vllm:lora_requests_info{max_lora=\"4\",running_lora_adapters=\"a\\\"b,c\\\\d\","
                      + "waiting_lora_adapters=\"\"} 2.0\n"
                      + "vllm:lora_requests_info{max_lora=\"4\",running_lora_adapters=\"old\"} 1.0\n"
                      + "vllm:num_requests_running{model_name=\"x\"} 1.0\n";
        EngineSample s = vllm(text);
        assertEquals(Set.of("a\"b", "c\\d"), s.activeAdapters());
        assertEquals(4, s.maxLora());
    }

    @Test
    void aMalformedLoraLineIsSkippedAndTheEarlierSeriesKept() {
        String text = "vllm:lora_requests_info{max_lora=\"1\",running_lora_adapters=\"kept\"} 5.0\n"
                      + "vllm:lora_requests_info{max_lora=\"1\",running_lora_adapters=\"broken} 9.0\n"
                      + "vllm:lora_requests_info{max_lora=\"1\",running_lora_adapters=\"nan\"} NaN\n";
        ParsedMetrics m = PrometheusText.parse(text, EngineAdapters.ALL_NAMES);
        assertEquals(1, m.garbageLines());
        assertEquals(Set.of("kept"), vllm(text).activeAdapters());
    }
}
