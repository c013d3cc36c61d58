package dev.tokenlb.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Console progress while a run goes on: which point and contender, elapsed time, requests done of all, open ones and
 * errors; one line at most every {@code intervalMillis}, and one when the run ends. Lines, not carriage returns, so
 * that logs and CI output stay readable. Thread-safe enough for one driver thread calling it.
 */
final class Progress {

    private final PrintStream out;
    private final long intervalNanos;
    private String label = "";
    private long startNanos;
    private long lastPrintNanos;

    Progress(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** A new run begins; the label says which point and contender. */
    void begin(String label) {
        this.label = label;
        this.startNanos = System.nanoTime();
        this.lastPrintNanos = startNanos;
        out.println(label + " ...");
        out.flush();
    }

    /** Called often; prints when the interval has passed. */
    void tick(int done, int sent, int total, int errors) {
        long now = System.nanoTime();
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            print(now, done, sent, total, errors, "");
        }
    }

    void end(int done, int sent, int total, int errors) {
        print(System.nanoTime(), done, sent, total, errors, " (end)");
    }

    /** A free-form line (saturation probe, warm-up, phases). */
    void note(String line) {
        out.println(line);
        out.flush();
    }

    private void print(long now, int done, int sent, int total, int errors, String suffix) {
        out.printf(Locale.ROOT, "  %s  %6.1f s  done %d/%d  open %d  errors %d%s%n", label,
                (now - startNanos) / 1e9, done, total, sent - done, errors, suffix);
        out.flush();
    }
}
