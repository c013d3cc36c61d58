import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Old and new library in one JVM (one class loader per shaded jar), called alternately on the same bodies; per-call
 * thread CPU time and allocated bytes, per batch, medians over many interleaved batches. CPU time, not wall time:
 * the machine is shared and oversubscribed, and a descheduled thread accrues no CPU time.
 */
public class AbBench {
    static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    interface Op { int run(String body) throws Throwable; }

    public static void main(String[] args) throws Throwable {
        String[] names = { "old", "new" };
        ClassLoader[] loaders = new ClassLoader[2];
        for (int i = 0; i < 2; i++) {
            loaders[i] = new URLClassLoader(new URL[] { Path.of(args[i]).toUri().toURL() }, ClassLoader.getPlatformClassLoader());
        }
        String[] sizes = { "small", "medium", "large" };
        String[] bodies = bodies(loaders[0]);
        int rounds = Integer.parseInt(args.length > 2 ? args[2] : "40");
        for (String what : new String[] { "extract", "count" }) {
            Op[] ops = new Op[2];
            for (int i = 0; i < 2; i++) {
                ops[i] = what.equals("extract") ? extract(loaders[i]) : count(loaders[i]);
            }
            for (int s = 0; s < 3; s++) {
                String body = bodies[s];
                if (ops[0].run(body) != ops[1].run(body)) {
                    throw new AssertionError("old and new disagree on " + sizes[s]);
                }
                // warm up both, alternately, ~3 s each
                int batch = calibrate(ops[0], body);
                for (int w = 0; w < 15; w++) { for (Op op : ops) { measure(op, body, batch); } }
                double[][] cpu = new double[2][rounds];
                double[][] alloc = new double[2][rounds];
                for (int r = 0; r < rounds; r++) {
                    int first = r % 2; // ABBA-ish: alternate who goes first
                    for (int k = 0; k < 2; k++) {
                        int v = k == 0 ? first : 1 - first;
                        double[] m = measure(ops[v], body, batch);
                        cpu[v][r] = m[0];
                        alloc[v][r] = m[1];
                    }
                }
                double o = median(cpu[0]), n = median(cpu[1]);
                System.out.printf("%-8s %-6s (%,7d chars) CPU ns/op median [q1-q3]: old %,10.0f [%,.0f-%,.0f]  new %,10.0f [%,.0f-%,.0f]  new/old %.2f   B/op old %,.0f new %,.0f%n",
                        what, sizes[s], body.length(), o, q(cpu[0], .25), q(cpu[0], .75), n, q(cpu[1], .25), q(cpu[1], .75), n / o,
                        median(alloc[0]), median(alloc[1]));
            }
        }
    }

    static int calibrate(Op op, String body) throws Throwable {
        int batch = 1;
        while (true) {
            double[] m = measure(op, body, batch);
            if (m[0] * batch > 40_000_000 || batch > 1_000_000) { return batch; }
            batch *= 2;
        }
    }

    static double[] measure(Op op, String body, int batch) throws Throwable {
        long id = Thread.currentThread().getId();
        long a0 = MX.getThreadAllocatedBytes(id);
        long c0 = MX.getCurrentThreadCpuTime();
        int sink = 0;
        for (int i = 0; i < batch; i++) { sink += op.run(body); }
        long c1 = MX.getCurrentThreadCpuTime();
        long a1 = MX.getThreadAllocatedBytes(id);
        if (sink == 42) { System.out.print(""); }
        return new double[] { (c1 - c0) / (double) batch, (a1 - a0) / (double) batch };
    }

    static Op extract(ClassLoader l) throws Throwable {
        MethodHandle h = MethodHandles.publicLookup().findStatic(l.loadClass("dev.tokenlb.count.CountInternals"), "extractChat",
                MethodType.methodType(int.class, String.class));
        return body -> (int) h.invokeExact(body);
    }

    static Op count(ClassLoader l) throws Throwable {
        Class<?> counterClass = l.loadClass("dev.tokenlb.count.TokenCounter");
        Class<?> shapeClass = l.loadClass("dev.tokenlb.count.ApiShape");
        Object counter = counterClass.getMethod("forEncoding", String.class, int.class).invoke(null, "cl100k_base", 0);
        Object auto = shapeClass.getField("AUTO").get(null);
        Method count = counterClass.getMethod("count", String.class, shapeClass);
        Method prompt = l.loadClass("dev.tokenlb.count.CountedRequest").getMethod("promptTokens");
        MethodHandle c = MethodHandles.publicLookup().unreflect(count);
        MethodHandle p = MethodHandles.publicLookup().unreflect(prompt);
        return body -> (int) p.invoke(c.invoke(counter, body, auto));
    }

    static String[] bodies(ClassLoader l) throws Throwable {
        Class<?> registryFactory = l.loadClass("com.knuddels.jtokkit.Encodings");
        Object registry = registryFactory.getMethod("newLazyEncodingRegistry").invoke(null);
        Class<?> typeClass = l.loadClass("com.knuddels.jtokkit.api.EncodingType");
        Object cl100k = typeClass.getField("CL100K_BASE").get(null);
        Object encoding = l.loadClass("com.knuddels.jtokkit.api.EncodingRegistry").getMethod("getEncoding", typeClass).invoke(registry, cl100k);
        Class<?> prompts = l.loadClass("dev.tokenlb.jmh.Prompts");
        Method text = prompts.getDeclaredMethod("text", l.loadClass("com.knuddels.jtokkit.api.Encoding"), int.class, long.class);
        text.setAccessible(true);
        Class<?> chat = l.loadClass("dev.tokenlb.jmh.ChatBodies");
        Method single = chat.getDeclaredMethod("singleTurn", String.class);
        Method conv = chat.getDeclaredMethod("conversation", String.class, int.class, int.class);
        single.setAccessible(true);
        conv.setAccessible(true);
        // as ExtractionBenchmark's small, medium, large
        return new String[] {
                (String) single.invoke(null, text.invoke(null, encoding, 300, 300L)),
                (String) conv.invoke(null, text.invoke(null, encoding, 3_000, 3_000L), 8, 2),
                (String) conv.invoke(null, text.invoke(null, encoding, 30_000, 30_000L), 32, 4) };
    }

    static double median(double[] v) { return q(v, .5); }

    static double q(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round(p * (s.length - 1))];
    }
}
