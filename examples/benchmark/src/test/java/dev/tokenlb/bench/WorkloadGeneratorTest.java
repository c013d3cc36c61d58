package dev.tokenlb.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tokenlb.sim.OutputLengthModel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadGeneratorTest {

    private static final OutputLengthModel LENGTHS = OutputLengthModel.defaults();

    @Test
    void sameSeedGivesTheSameRequestsAndALongerSequenceStartsWithAShorterOne() {
        List<BenchRequest> a = new WorkloadGenerator(WorkloadMix.standard(), 42, LENGTHS).first(50);
        List<BenchRequest> b = new WorkloadGenerator(WorkloadMix.standard(), 42, LENGTHS).first(80);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).body(), b.get(i).body(), "request " + i);
        }
        List<BenchRequest> other = new WorkloadGenerator(WorkloadMix.standard(), 43, LENGTHS).first(50);
        assertFalse(java.util.Arrays.equals(a.get(0).body(), other.get(0).body()));
    }

    @Test
    void mixHasTheStatedSharesAndSizes() {
        List<BenchRequest> requests = new WorkloadGenerator(WorkloadMix.standard(), 1, LENGTHS).first(1000);
        Map<String, List<BenchRequest>> byKind = requests.stream()
                .collect(Collectors.groupingBy(BenchRequest::kind));
        assertEquals(0.60, byKind.get("chat").size() / 1000.0, 0.05);
        assertEquals(0.30, byKind.get("rag").size() / 1000.0, 0.05);
        assertEquals(0.10, byKind.get("long-doc").size() / 1000.0, 0.03);
        assertEquals(300, median(byKind.get("chat")), 60);
        assertEquals(3_000, median(byKind.get("rag")), 300);
        assertEquals(12_000, median(byKind.get("long-doc")), 2_000);
        assertTrue(requests.stream().mapToInt(BenchRequest::promptTokens).max().getAsInt() <= 30_100);
        assertEquals(0.5, requests.stream().filter(BenchRequest::stream).count() / 1000.0, 0.05);
        assertEquals(0.5, requests.stream().filter(r -> r.maxTokens() != null).count() / 1000.0, 0.05);
    }

    @Test
    void bodiesAreChatRequestsWhoseTrueLengthIsTheSimulators() {
        List<BenchRequest> requests = new WorkloadGenerator(WorkloadMix.standard(), 5, LENGTHS).first(100);
        for (BenchRequest r : requests) {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            JsonObject json = new JsonObject(body);
            assertEquals(r.stream(), json.getBoolean("stream"));
            assertEquals(r.maxTokens(), json.getInteger("max_tokens"));
            assertEquals(LENGTHS.outputTokensForRequestBody(body), r.outputTokens());
            if (r.maxTokens() != null) {
                assertTrue(r.outputTokens() <= r.maxTokens());
            }
        }
        long distinctLengths = requests.stream().mapToInt(BenchRequest::outputTokens).distinct().count();
        assertTrue(distinctLengths > 50, "reply lengths vary with the content: " + distinctLengths + " distinct");
        assertNotEquals(requests.get(0).outputTokens(), requests.get(1).outputTokens() + 100_000);
    }

    private static double median(List<BenchRequest> requests) {
        return Percentiles.median(requests.stream().mapToDouble(BenchRequest::promptTokens).toArray());
    }
}
