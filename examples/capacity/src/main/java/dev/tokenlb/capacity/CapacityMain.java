package dev.tokenlb.capacity;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Capacity of the gateway for open streams: starts two trickling backends, runs the real gateway in a child JVM with
 * a small heap, ramps streamed requests up to the target in steps, holds them all open together, lets them finish,
 * and reports per step the streams open, errors, the gateway's heap, resident memory and threads, and how fast new
 * streams get their first chunk; then checks that the ledger is back to exactly 0.
 */
public final class CapacityMain {

    private static final String HEAP = "jvm_memory_used_bytes{area=\"heap\"";

    private CapacityMain() {
    }

    public static void main(String[] args) throws Exception {
        CapacityOptions o;
        try {
            o = CapacityOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Vertx backends = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try (TrickleBackend a = new TrickleBackend(backends, o.intervalMillis);
             TrickleBackend b = new TrickleBackend(backends, o.intervalMillis)) {
            Map<String, String> settings = new TreeMap<>();
            settings.put("tokenlb.backends", a.url() + ";name=trickle-a," + b.url() + ";name=trickle-b");
            settings.put("tokenlb.models-path", ""); // the trickle backends list no models: serve any
            if (o.maxConcurrent > 0) {
                settings.put("tokenlb.max-concurrent", Integer.toString(o.maxConcurrent));
            }
            settings.put("tokenlb.idle-timeout-ms", Long.toString(Math.max(60_000, o.intervalMillis * 10)));
            System.out.printf(Locale.ROOT, "capacity: %d streams in steps of %d every %d s, held %d s, a token every %d"
                              + " ms; gateway heap %s, max-concurrent %s, java %s %s%n", o.streams, o.step,
                    o.stepSeconds, o.holdSeconds, o.intervalMillis, o.heap, maxConcurrentArg(o), o.java, o.jvmOptions);
            if (o.direct) {
                try (StreamClient client = new StreamClient(clients, a.url(), o.streams + 16)) {
                    runDirect(o, client);
                }
                return;
            }
            try (GatewayProcess gateway = new GatewayProcess(o.java, o.gatewayJar, o.heap, o.jvmOptions, settings,
                    o.out.resolve("gateway.log"));
                 StreamClient client = new StreamClient(clients, gateway.url(), o.streams + 16)) {
                run(o, gateway, client);
            }
        } finally {
            clients.close();
            backends.close();
        }
    }

    private static void run(CapacityOptions o, GatewayProcess gateway, StreamClient client) throws Exception {
        int steps = (o.streams + o.step - 1) / o.step;
        long start = System.nanoTime();
        long endOfHold = start + TimeUnit.SECONDS.toNanos((long) steps * o.stepSeconds + o.holdSeconds);
        List<Sample> samples = new ArrayList<>();
        System.out.println(Sample.HEADER);
        int opened = 0;
        for (int s = 0; s < steps; s++) {
            int n = Math.min(o.step, o.streams - opened);
            openSpread(o, client, s, n, endOfHold);
            opened += n;
            samples.add(sample(start, opened, s, gateway, client));
            System.out.println(samples.get(samples.size() - 1).row());
        }
        while (System.nanoTime() < endOfHold) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(3, o.holdSeconds)));
            samples.add(sample(start, opened, -1, gateway, client));
            System.out.println(samples.get(samples.size() - 1).row());
        }
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.probes().stream().anyMatch(StreamProbe::open) && System.nanoTime() < drainDeadline) {
            Thread.sleep(250);
        }
        long ledgerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, Double> ledger = ledger(gateway);
        while ((ledger.get("r") != 0 || ledger.get("t") != 0) && System.nanoTime() < ledgerDeadline) {
            Thread.sleep(100);
            ledger = ledger(gateway);
        }
        samples.add(sample(start, opened, -1, gateway, client));
        System.out.println(samples.get(samples.size() - 1).row());
        report(o, samples, client.probes(), ledger, gateway.alive());
    }

    /**
     * Opens {@code n} streams spread evenly over the step (a steady arrival rate, as traffic comes, rather than one
     * burst), each long enough to end together at the end of the hold.
     */
    private static void openSpread(CapacityOptions o, StreamClient client, int step, int n, long endOfHold)
            throws InterruptedException {
        long stepStart = System.nanoTime();
        long gap = TimeUnit.SECONDS.toNanos(o.stepSeconds) / n;
        for (int i = 0; i < n; i++) {
            long due = stepStart + i * gap;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long left = endOfHold - System.nanoTime();
            client.open(step, (int) Math.max(2, TimeUnit.NANOSECONDS.toMillis(left) / o.intervalMillis));
        }
        long rest = stepStart + TimeUnit.SECONDS.toNanos(o.stepSeconds) - System.nanoTime();
        if (rest > 0) {
            TimeUnit.NANOSECONDS.sleep(rest);
        }
    }

    /** The same ramp straight to one backend: first-chunk times of the client and backend alone. */
    private static void runDirect(CapacityOptions o, StreamClient client) throws Exception {
        int steps = (o.streams + o.step - 1) / o.step;
        long start = System.nanoTime();
        long endOfHold = start + TimeUnit.SECONDS.toNanos((long) steps * o.stepSeconds + o.holdSeconds);
        int opened = 0;
        for (int s = 0; s < steps; s++) {
            int n = Math.min(o.step, o.streams - opened);
            openSpread(o, client, s, n, endOfHold);
            opened += n;
            int step = s;
            double[] ttfc = client.probes().stream().filter(p -> p.step == step)
                    .mapToDouble(StreamProbe::firstChunkMillis).filter(v -> v >= 0).sorted().toArray();
            System.out.printf(Locale.ROOT, "direct: %d opened, first chunk p50 %.1f / p99 %.1f ms%n", opened,
                    Percentile.of(ttfc, 0.5), Percentile.of(ttfc, 0.99));
        }
        while (client.probes().stream().anyMatch(StreamProbe::open)
               && System.nanoTime() < endOfHold + TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(250);
        }
        System.out.println("direct: " + client.probes().stream().filter(p -> p.done).count() + " complete, "
                           + client.probes().stream().filter(p -> p.error != null).count() + " errors");
    }

    private static Map<String, Double> ledger(GatewayProcess gateway) throws Exception {
        Map<String, Double> m = gateway.metrics("tokenlb_backend_inflight_requests", "tokenlb_backend_inflight_tokens");
        return Map.of("r", m.getOrDefault("tokenlb_backend_inflight_requests", -1.0),
                "t", m.getOrDefault("tokenlb_backend_inflight_tokens", -1.0));
    }

    private static Sample sample(long start, int opened, int step, GatewayProcess gateway, StreamClient client)
            throws Exception {
        Map<String, Double> m = gateway.metrics(HEAP, "jvm_threads_live_threads", "tokenlb_gateway_inflight_requests",
                "tokenlb_backend_inflight_requests", "tokenlb_backend_inflight_tokens");
        List<StreamProbe> probes = client.probes();
        int open = (int) probes.stream().filter(StreamProbe::open).count();
        int errors = (int) probes.stream().filter(p -> p.error != null).count();
        double[] ttfc = probes.stream().filter(p -> step < 0 || p.step == step).mapToDouble(StreamProbe::firstChunkMillis)
                .filter(v -> v >= 0).sorted().toArray();
        return new Sample((System.nanoTime() - start) / 1e9, opened, open, errors,
                m.getOrDefault("tokenlb_gateway_inflight_requests", -1.0),
                m.getOrDefault("tokenlb_backend_inflight_requests", -1.0),
                m.getOrDefault("tokenlb_backend_inflight_tokens", -1.0), m.getOrDefault(HEAP, 0.0) / 1e6,
                gateway.residentBytes() / 1e6, m.getOrDefault("jvm_threads_live_threads", -1.0),
                Percentile.of(ttfc, 0.50), Percentile.of(ttfc, 0.99), ttfc.length == 0 ? -1 : ttfc[ttfc.length - 1]);
    }

    private static void report(CapacityOptions o, List<Sample> samples, List<StreamProbe> probes,
                               Map<String, Double> ledger, boolean alive) throws Exception {
        long done = probes.stream().filter(p -> p.done).count();
        Map<String, Long> errors = new TreeMap<>();
        probes.stream().filter(p -> p.error != null)
                .forEach(p -> errors.merge(p.error.length() > 80 ? p.error.substring(0, 80) : p.error, 1L, Long::sum));
        double[] ttfc = probes.stream().mapToDouble(StreamProbe::firstChunkMillis).filter(v -> v >= 0).sorted()
                .toArray();
        double peakHeap = samples.stream().mapToDouble(Sample::heapUsedMb).max().orElse(0);
        double peakRss = samples.stream().mapToDouble(Sample::rssMb).max().orElse(0);
        double peakThreads = samples.stream().mapToDouble(Sample::threads).max().orElse(0);
        double peakInflight = samples.stream().mapToDouble(Sample::gatewayInflight).max().orElse(0);
        StringBuilder summary = new StringBuilder();
        summary.append(String.format(Locale.ROOT, "%nstreams: %d opened, %d complete, %d with errors %s%n",
                probes.size(), done, probes.size() - done, errors.isEmpty() ? "" : errors));
        summary.append(String.format(Locale.ROOT, "peak open at the gateway: %.0f; peak heap used %.0f MB (of %s),"
                                                  + " peak resident %.0f MB, peak threads %.0f%n", peakInflight,
                peakHeap, o.heap, peakRss, peakThreads));
        summary.append(String.format(Locale.ROOT, "first chunk of every stream: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                Percentile.of(ttfc, 0.5), Percentile.of(ttfc, 0.99), ttfc.length == 0 ? -1 : ttfc[ttfc.length - 1]));
        summary.append(String.format(Locale.ROOT, "ledger after the run: %.0f requests, %.0f tokens in flight; gateway"
                                                  + " %s%n", ledger.get("r"), ledger.get("t"),
                alive ? "still running" : "DIED"));
        System.out.print(summary);
        Files.createDirectories(o.out);
        List<String> csv = new ArrayList<>();
        csv.add(Sample.csvHeader());
        samples.forEach(s -> csv.add(s.csv()));
        Files.write(o.out.resolve("samples.csv"), csv);
        Files.writeString(o.out.resolve("summary.txt"), "java -jar examples/capacity/target/token-lb-capacity.jar "
                + String.join(" ", Arrays.asList(argsOf(o))) + "\n" + Sample.HEADER + "\n"
                + String.join("\n", samples.stream().map(Sample::row).toList()) + "\n" + summary);
        System.out.println("written to " + o.out);
    }

    private static String maxConcurrentArg(CapacityOptions o) {
        return o.maxConcurrent > 0 ? Integer.toString(o.maxConcurrent) : "default";
    }

    private static String[] argsOf(CapacityOptions o) {
        List<String> a = new ArrayList<>(List.of("--streams", "" + o.streams, "--step", "" + o.step, "--step-seconds",
                "" + o.stepSeconds, "--hold-seconds", "" + o.holdSeconds, "--interval-ms", "" + o.intervalMillis,
                "--heap", o.heap, "--max-concurrent", maxConcurrentArg(o)));
        o.jvmOptions.forEach(j -> a.addAll(List.of("--jvm-opt", j)));
        return a.toArray(new String[0]);
    }
}
