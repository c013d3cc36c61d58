package dev.tokenlb.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server on a free loopback port, for tests: no persistence, killed at {@link #close()}. Without the
 * binary the test is skipped, saying so, except under CI ({@code CI=true}), where it fails.
 */
public final class RedisServer implements AutoCloseable {

    private static final String[] BINARIES = {"/usr/bin/redis-server", "/usr/local/bin/redis-server"};

    private final String binary;
    private final int port;
    private final List<String> extra;
    private Process process;

    private RedisServer(String binary, int port, List<String> extra) {
        this.binary = binary;
        this.port = port;
        this.extra = extra;
    }

    /** Starts one, with extra arguments (for example {@code --requirepass secret}). */
    public static RedisServer launch(String... extra) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(binary(), freePort(), List.of(extra));
        server.start();
        return server;
    }

    private static String binary() {
        for (String b : BINARIES) {
            if (new File(b).canExecute()) {
                return b;
            }
        }
        String message = "redis-server not found (looked in " + String.join(", ", BINARIES) + "); install it "
                         + "(apt-get install redis-server) to run the shared-ledger tests";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + " (CI=true: failing instead of skipping)");
        }
        Assumptions.abort(message);
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** (Re)starts the server on its port, and waits until it answers PING. */
    public synchronized void start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"));
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    /** True if something answers PING (with +PONG, or an auth error when a password is required). */
    private boolean answers() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1_000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line != null && (line.startsWith("+PONG") || line.startsWith("-NOAUTH"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server at once (SIGKILL): its data are gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            process = null;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
