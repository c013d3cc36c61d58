package dev.tokenlb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code --quick} once, end to end (simulated cluster, real gateway per contender, open-loop load, reports), and
 * checks that the outputs exist and agree with each other. No timing assertions: the figures depend on the machine.
 */
class QuickBenchmarkTest {

    /** A comma outside double quotes (the speeds column is quoted: "1,1,1,1"). */
    private static final String CSV_COMMA = ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void quickModeWritesConsistentResultsForEveryContender(@TempDir Path out) throws IOException {
        int exit = BenchmarkMain.run(new String[] {"--quick", "--out", out.toString()}, System.out);
        assertEquals(0, exit, "exit code");

        List<String> expected = Contenders.quick().stream().map(Contender::name).toList();
        JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
        assertTrue(results.getJsonObject("machine").getInteger("cores") >= 1);
        assertTrue(results.getJsonObject("saturation").getJsonObject("equal").getDouble("requestsPerSecond") > 0);
        JsonArray points = results.getJsonArray("points");
        assertEquals(1, points.size(), "quick mode runs one point");
        JsonArray runs = points.getJsonObject(0).getJsonArray("repeats").getJsonObject(0).getJsonArray("runs");
        assertEquals(expected, runs.stream().map(r -> ((JsonObject) r).getString("contender")).toList());
        for (Object o : runs) {
            JsonObject run = (JsonObject) o;
            String who = run.getString("contender");
            assertTrue(run.getInteger("requests") > 0, who);
            assertEquals(0, run.getInteger("errors"), who + " errors on a healthy cluster: "
                    + run.getJsonArray("firstErrors"));
            assertTrue(run.getInteger("unfinished") <= run.getInteger("requests"), who);
            assertTrue(run.getDouble("mean") > 0, who);
        }
        JsonObject rr = runs.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("contender").equals("round-robin")).findFirst().orElseThrow();
        assertEquals(1.0, rr.getJsonObject("ratioToRoundRobin").getDouble("mean"), 1e-9);

        List<String> csv = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(expected.size() + 1, csv.size(), "header plus one row per contender");
        Set<String> csvContenders = csv.stream().skip(1).map(line -> line.split(CSV_COMMA)[6])
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(expected), csvContenders);
        assertEquals(expected.size() + 1, Files.readAllLines(out.resolve("summary.csv")).size());

        String table = Files.readString(out.resolve("table.txt"));
        expected.forEach(name -> assertTrue(table.contains(name), "table lists " + name));
        assertTrue(Files.readString(out.resolve("table.md")).contains("| oracle |"));
        for (String png : List.of(Charts.cdfName("equal", 0.8), "ratios-equal.png")) {
            byte[] head = new byte[4];
            System.arraycopy(Files.readAllBytes(out.resolve(png)), 0, head, 0, 4);
            assertArrayEquals(PNG_SIGNATURE, head, png);
        }
    }
}
