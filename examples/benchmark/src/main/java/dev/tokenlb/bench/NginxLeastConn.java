package dev.tokenlb.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * nginx with {@code least_conn} in front of the simulated backends: the reference an operator would deploy without an
 * LLM-aware balancer. A child process with a temporary prefix directory, one worker (so that {@code least_conn} sees
 * every connection), no access log, {@code proxy_buffering off} so replies stream through, keep-alive upstream
 * connections, as the overhead benchmark's nginx. Not thread-safe: start, use, close.
 */
final class NginxLeastConn implements AutoCloseable {

    private final Process process;
    private final Path prefix;
    private final Router.Target target;

    private NginxLeastConn(Process process, Path prefix, Router.Target target) {
        this.process = process;
        this.prefix = prefix;
        this.target = target;
    }

    /** The nginx binary on the PATH or in the usual sbin directories, if installed. */
    static Optional<Path> findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/usr/local/nginx/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nginx"))) {
                return Optional.of(Path.of(dir, "nginx"));
            }
        }
        return Optional.empty();
    }

    static String config(String prefix, int listenPort, List<String> backendUrls) {
        String servers = backendUrls.stream()
                .map(u -> "        server " + URI.create(u).getAuthority() + " max_fails=0;")
                .collect(Collectors.joining("\n"));
        return """
            daemon off;
            worker_processes 1;
            error_log stderr;
            pid %1$s/nginx.pid;

            events {
                worker_connections 8192;
            }

            http {
                access_log off;
                client_body_temp_path %1$s/client_body_temp;
                proxy_temp_path %1$s/proxy_temp;
                fastcgi_temp_path %1$s/fastcgi_temp;
                uwsgi_temp_path %1$s/uwsgi_temp;
                scgi_temp_path %1$s/scgi_temp;
                keepalive_requests 1000000;
                client_max_body_size 64m;
                client_body_buffer_size 1m;

                upstream llm_backends {
                    least_conn;
            %3$s
                    keepalive 256;
                    keepalive_requests 1000000;
                }

                server {
                    listen 127.0.0.1:%2$d;
                    location / {
                        proxy_pass http://llm_backends;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_buffering off;
                        proxy_request_buffering off;
                        proxy_read_timeout 600s;
                    }
                }
            }
            """.formatted(prefix, listenPort, servers);
    }

    static NginxLeastConn start(Path binary, List<String> backendUrls) throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("token-lb-bench-nginx");
        prefix.toFile().setExecutable(true, false); // a worker running as nobody reads its temp paths under it
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config(prefix.toString(), port, backendUrls));
        Process process = new ProcessBuilder(binary.toString(), "-e", "stderr", "-p", prefix.toString(), "-c",
                conf.toString()).redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.log").toFile())
                .start();
        NginxLeastConn nginx = new NginxLeastConn(process, prefix, new Router.Target("127.0.0.1", port, 0));
        try {
            nginx.awaitHealthy(Duration.ofSeconds(20));
        } catch (IOException | InterruptedException | RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + target.port() + "/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(prefix.resolve("nginx.log")).trim());
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("nginx did not answer " + health + " within " + timeout);
    }

    Router.Target target() {
        return target;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(prefix)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
