package dev.tokenlb.overhead;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The run's schedule: a warm-up per contender at the highest rate, then rounds; in each round every rate, and at each
 * rate every contender for one short window, so that machine noise falls on all contenders alike. The contenders'
 * order rotates from round to round, so none is always first after a rate change. Prints one line per window. Not
 * thread-safe.
 */
final class OverheadRun {

    /** Between two windows, so that a contender's leftover work does not land in the next one's window. */
    private static final long PAUSE_MS = 200;

    private final OpenLoopDriver driver;
    private final OverheadOptions options;
    private final PrintStream console;
    private final int ticksPerSecond;

    OverheadRun(OpenLoopDriver driver, OverheadOptions options, PrintStream console, int ticksPerSecond) {
        this.driver = driver;
        this.options = options;
        this.console = console;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** @return every measured window (warm-up excluded) */
    List<WindowResult> run(List<Contender> contenders) throws InterruptedException {
        int maxRate = Collections.max(options.rates());
        if (options.warmupSeconds() > 0) {
            for (Contender c : contenders) {
                long[] offsets = ArrivalSchedule.offsets(options.arrivals(), maxRate, options.warmupSeconds(),
                                                         options.seed());
                print("warm-up", driver.run(c, maxRate, 0, offsets));
                Thread.sleep(PAUSE_MS);
            }
        }
        List<WindowResult> windows = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (int rate : options.rates()) {
                // the same arrival pattern for every contender of this round and rate
                long[] offsets = ArrivalSchedule.offsets(options.arrivals(), rate, options.seconds(),
                                                         options.seed() + 1_000L * round + rate);
                for (Contender c : rotate(contenders, round - 1)) {
                    WindowResult w = driver.run(c, rate, round, offsets);
                    print("round " + round + "/" + options.rounds(), w);
                    windows.add(w);
                    Thread.sleep(PAUSE_MS);
                }
            }
        }
        return windows;
    }

    /** The list turned left by {@code by} places. */
    static <T> List<T> rotate(List<T> list, int by) {
        List<T> turned = new ArrayList<>(list);
        if (!turned.isEmpty()) {
            Collections.rotate(turned, -Math.floorMod(by, turned.size()));
        }
        return turned;
    }

    private void print(String phase, WindowResult w) {
        ContenderStats s = ContenderStats.of(w.contender(), w.rate(), List.of(w), ticksPerSecond);
        console.printf(Locale.ROOT, "%-11s %5d req/s  %-8s %6d ok %4d err%s  p50 %7.3f  p99 %8.3f  max %8.3f ms%s%n",
                       phase, w.rate(), w.contender(), w.ok(), w.errors(),
                       w.unfinished() > 0 ? " " + w.unfinished() + " unfinished" : "", s.p50Ms(), s.p99Ms(), s.maxMs(),
                       Double.isNaN(s.cpuMsPerRequest()) ? ""
                           : String.format(Locale.ROOT, "  CPU %.3f ms/req", s.cpuMsPerRequest()));
        w.errorKinds().forEach((kind, count) -> console.printf("            %d x %s%n", count, kind));
    }
}
