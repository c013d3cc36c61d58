package dev.tokenlb.overhead;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run used, stated beside its figures: CPU model, cores, memory, OS, JVM, clock ticks, load
 * average. Stateless. */
final class MachineInfo {

    private MachineInfo() {
    }

    static JsonObject describe(int ticksPerSecond) {
        return new JsonObject()
            .put("cpu", cpuModel())
            .put("cores", Runtime.getRuntime().availableProcessors())
            .put("memory", memTotal())
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
            .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
            .put("clockTicksPerSecond", ticksPerSecond)
            .put("loadAverageAtStart", loadAverage());
    }

    /** The 1, 5 and 15-minute load averages from /proc/loadavg: other work on a shared machine shows here. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String oneLine(JsonObject machine) {
        return machine.getInteger("cores") + " cores (" + machine.getString("cpu") + "), " + machine.getString("memory")
               + ", " + machine.getString("os") + ", " + machine.getString("java") + ", load average at start "
               + machine.getString("loadAverageAtStart");
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name");
    }

    private static String memTotal() {
        String line = procLine("/proc/meminfo", "MemTotal");
        try {
            long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return line;
        }
    }

    private static String procLine(String file, String key) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key)).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
