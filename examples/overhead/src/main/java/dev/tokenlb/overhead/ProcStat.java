package dev.tokenlb.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from Linux's {@code /proc/<pid>/stat}: user plus system time of all its threads, in clock
 * ticks ({@code getconf CLK_TCK}, usually 100 a second). Stateless.
 */
final class ProcStat {

    /** Index of utime among the fields after the command name's closing parenthesis (field 14 of the line). */
    private static final int UTIME_AFTER_COMM = 11;

    private ProcStat() {
    }

    /**
     * utime + stime from one line of {@code /proc/<pid>/stat}. The command name in parentheses may itself hold
     * spaces and parentheses, so the fields are counted from the last {@code ')'}.
     */
    static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        if (fields.length <= UTIME_AFTER_COMM + 1) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat line: " + statLine);
        }
        return Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[UTIME_AFTER_COMM + 1]);
    }

    /** The process's CPU ticks so far, or -1 when it is gone or /proc cannot be read (not Linux). */
    static long cpuTicks(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Clock ticks per second from {@code getconf CLK_TCK}; 100 (Linux's value on every common platform) if that fails. */
    static int clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Integer.parseInt(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
