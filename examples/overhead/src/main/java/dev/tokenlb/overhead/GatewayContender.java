package dev.tokenlb.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real gateway, {@code java -Xmx256m -jar token-lb-gateway.jar}, as a child process on a free loopback port in
 * front of the fake backend; its CPU is the whole JVM's (every thread: event loops, workers, GC, JIT). Not
 * thread-safe.
 */
final class GatewayContender implements Contender {

    private final String name;
    private final ChildProcess process;
    private final int port;
    private final String description;

    private GatewayContender(String name, ChildProcess process, int port, String description) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.description = description;
    }

    /**
     * @param name      {@code gateway}, or {@code gateway-baseline} for another build run beside it
     * @param jar       the gateway's runnable jar
     * @param backend   the fake backend's base URL
     * @param extraArgs JVM options added before {@code -jar} (for experiments: another GC, a larger heap)
     * @param logDir    where {@code gateway.log} goes
     */
    static GatewayContender start(String name, Path jar, String backend, List<String> extraArgs, Path logDir)
        throws IOException, InterruptedException {
        checkJar(jar);
        int port = FreePort.pick();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx256m");
        command.addAll(extraArgs);
        command.add("-Dtokenlb.host=127.0.0.1");
        command.add("-Dtokenlb.port=" + port);
        command.add("-Dtokenlb.management-port=-1"); // /health/live read here on the public port
        command.add("-Dtokenlb.backends=" + backend);
        command.add("-jar");
        command.add(jar.toString());
        return start(name, command, port, "/health/live", logDir);
    }

    /**
     * {@link PlainCamelProxy}, the least a Camel route on platform-http and camel-http does to proxy, run from the
     * gateway's jar (the same Camel, Vert.x and HTTP client) with the same JVM options: the floor under the gateway.
     */
    static GatewayContender startPlainCamel(Path gatewayJar, String backend, List<String> extraArgs, Path logDir)
        throws IOException, InterruptedException {
        checkJar(gatewayJar);
        int port = FreePort.pick();
        Path self;
        try {
            self = Path.of(PlainCamelProxy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the overhead tool's own classes", e);
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx256m");
        command.addAll(extraArgs);
        command.add("-cp");
        // the gateway's jar first: its Camel and Vert.x classes are the ones measured
        command.add(gatewayJar + java.io.File.pathSeparator + self);
        command.add(PlainCamelProxy.class.getName());
        command.add(Integer.toString(port));
        command.add(backend);
        return start("camel", command, port, "/health/live", logDir);
    }

    private static GatewayContender start(String name, List<String> command, int port, String healthPath,
                                          Path logDir) throws IOException, InterruptedException {
        ChildProcess process = ChildProcess.start(name, command, logDir.resolve(name + ".log"));
        try {
            process.awaitHealthy("http://127.0.0.1:" + port + healthPath, Duration.ofSeconds(90));
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
        return new GatewayContender(name, process, port, String.join(" ", command));
    }

    private static void checkJar(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no gateway jar at " + jar.toAbsolutePath() + "; build it with: mvn -B -q -pl routes "
                                  + "-am package -DskipTests");
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long cpuTicks() {
        return ProcStat.cpuTicks(process.pid());
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        process.close();
    }
}
