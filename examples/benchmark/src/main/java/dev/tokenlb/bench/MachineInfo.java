package dev.tokenlb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run was measured on, written into every result (figures mean little without it). Immutable.
 *
 * @param cores          processors available to the JVM
 * @param cpu            the CPU model, if the OS says (Linux: /proc/cpuinfo), else "unknown"
 * @param memoryMb       physical memory in MiB, or -1 if unknown
 * @param maxHeapMb      the JVM's maximum heap in MiB
 * @param jdk            vendor, version and VM of the running JDK
 * @param os             OS name, version and architecture
 */
record MachineInfo(int cores, String cpu, long memoryMb, long maxHeapMb, String jdk, String os) {

    static MachineInfo detect() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize() / (1024 * 1024);
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(), memory,
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** One line for tables and logs. */
    String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s MiB RAM, max heap %d MiB, JDK %s, %s", cores, cpu,
                memoryMb < 0 ? "?" : String.valueOf(memoryMb), maxHeapMb, jdk, os);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the rest still describes the machine
        }
        return "unknown";
    }
}
