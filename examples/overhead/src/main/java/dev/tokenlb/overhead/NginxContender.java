package dev.tokenlb.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * nginx as a plain reverse proxy in front of the fake backend ({@link NginxConfig}), as a child process with a
 * temporary prefix directory; its CPU is the master's plus its worker's. Not thread-safe.
 */
final class NginxContender implements Contender {

    private final ChildProcess process;
    private final Path prefix;
    private final int port;
    private final String description;

    private NginxContender(ChildProcess process, Path prefix, int port, String description) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
        this.description = description;
    }

    /** The nginx binary on the PATH (or in /usr/sbin, which is not on every user's PATH), if installed. */
    static Optional<Path> findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/usr/local/nginx/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
                return Optional.of(Path.of(dir, "nginx"));
            }
        }
        return Optional.empty();
    }

    static NginxContender start(Path binary, int backendPort, Path logDir) throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("token-lb-overhead-nginx");
        prefix.toFile().setExecutable(true, false); // nginx's worker (user nobody) reads its temp paths under it
        int port = FreePort.pick();
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, NginxConfig.render(prefix.toString(), port, backendPort), StandardCharsets.UTF_8);
        Files.copy(conf, logDir.resolve("nginx.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // -e stderr: do not touch the compiled-in error log before the configuration is read
        List<String> command = List.of(binary.toString(), "-e", "stderr", "-p", prefix.toString(), "-c", conf.toString());
        ChildProcess process = ChildProcess.start("nginx", command, logDir.resolve("nginx.log"));
        try {
            process.awaitHealthy("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(20));
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new NginxContender(process, prefix, port, version(binary) + ": " + String.join(" ", command));
    }

    private static String version(Path binary) {
        try {
            Process v = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            v.waitFor();
            return out;
        } catch (IOException e) {
            return "nginx";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "nginx";
        }
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long cpuTicks() {
        long sum = 0;
        for (ProcessHandle p : process.tree()) {
            long ticks = ProcStat.cpuTicks(p.pid());
            if (ticks < 0) {
                return -1;
            }
            sum += ticks;
        }
        return sum;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        process.close();
        try (var paths = Files.walk(prefix)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
