package dev.tokenlb.capacity;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real gateway ({@code routes/target/token-lb-gateway.jar}) in a child JVM, so its heap, threads and memory are
 * its own and can be read: from its {@code /metrics} (heap, threads, tokens in flight) and {@code /proc} (resident
 * memory). Not thread-safe.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    GatewayProcess(String java, String jar, String heap, List<String> jvmOptions, Map<String, String> settings,
                   Path log) throws Exception {
        this.port = freePort();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xms" + heap));
        cmd.addAll(jvmOptions);
        cmd.add("-Dtokenlb.port=" + port);
        cmd.add("-Dtokenlb.management-port=-1"); // /health/live and /metrics read here on the public port
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar));
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited at start; see " + log);
            }
            try {
                if (get("/health/live").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not answer /health/live in 60 s; see " + log);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Selected series of the gateway's {@code /metrics}, summed over their labels: name to value. */
    Map<String, Double> metrics(String... names) throws IOException, InterruptedException {
        Map<String, Double> out = new TreeMap<>();
        for (String line : get("/metrics").body().split("\n")) {
            for (String name : names) {
                // a name may carry a label filter such as jvm_memory_used_bytes{area="heap"
                boolean match = name.contains("{") ? line.startsWith(name)
                        : line.startsWith(name + "{") || line.startsWith(name + " ");
                if (match) {
                    double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    out.merge(name, v, Double::sum);
                }
            }
        }
        return out;
    }

    /** Resident memory of the gateway process in bytes, from /proc (0 where there is no /proc). */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return 0;
    }

    boolean alive() {
        return process.isAlive();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static String defaultJar() {
        for (String candidate : new String[] {"routes/target/token-lb-gateway.jar", "../../routes/target/token-lb-gateway.jar"}) {
            if (new File(candidate).isFile()) {
                return candidate;
            }
        }
        return "routes/target/token-lb-gateway.jar";
    }
}
