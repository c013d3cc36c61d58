package dev.tokenlb.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@code requests.csv}: one row per request of every run (cluster, load, repeat, contender, the request's
 * kind, stream flag, prompt and true reply tokens, {@code max_tokens}, then latency, TTFT, tokens received, the backend
 * that served it and any error). The raw data behind every figure, for analysis the report does not do, such as
 * comparing which backend each contender chose for the same request. Stateless.
 */
final class RequestsCsv {

    private RequestsCsv() {
    }

    static void write(BenchmarkResult result, Path dir) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("requests.csv"))) {
            out.write("cluster,load,repeat,contender,index,kind,stream,prompt_tokens,true_output_tokens,max_tokens,"
                    + "arrival_ms,latency_ms,ttft_ms,output_tokens,backend,error\n");
            for (PointResult p : result.points()) {
                for (PointResult.Repeat r : p.repeats()) {
                    for (RunSummary s : r.summaries()) {
                        RunRecord run = s.run();
                        for (int i = 0; i < run.requests().size(); i++) {
                            BenchRequest q = run.requests().get(i);
                            RequestResult res = run.results()[i];
                            out.write(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%s,%b,%d,%d,%s,", p.cluster().name(),
                                    CsvReport.num(p.load()), r.index(), s.contender(), q.index(), q.kind(),
                                    q.stream(), q.promptTokens(), q.outputTokens(),
                                    q.maxTokens() == null ? "" : q.maxTokens()));
                            if (res == null) {
                                out.write(",,,,,unfinished\n");
                                continue;
                            }
                            out.write(String.format(Locale.ROOT, "%.3f,%.3f,%s,%d,%s,%s\n",
                                    (res.scheduledNanos() - run.startNanos()) / 1e6, res.latencyNanos() / 1e6,
                                    res.ttftNanos() < 0 ? "" : String.format(Locale.ROOT, "%.3f",
                                            res.ttftNanos() / 1e6), res.outputTokens(),
                                    res.backend() == null ? "" : res.backend(),
                                    res.error() == null ? "" : "\"" + res.error().replace("\"", "\"\"") + "\""));
                        }
                    }
                }
            }
        }
    }
}
