package dev.tokenlb.overhead;

/**
 * One way to reach the fake backend that the run measures: directly, through the gateway, or through nginx. A
 * contender serves {@code POST /v1/chat/completions} at {@code 127.0.0.1:port()} and, when it is a process of its own,
 * reports that process's CPU time. Implementations are used from one thread at a time.
 */
interface Contender extends AutoCloseable {

    /** Short name for tables and files: direct, gateway, nginx. */
    String name();

    /** The loopback port that takes the requests. */
    int port();

    /** CPU ticks used so far by the contender's own process(es), or -1 when it has none to measure. */
    long cpuTicks();

    /** A line about what runs (version, command), for the report. */
    String description();

    @Override
    default void close() {
    }

    /** The fake backend itself: the baseline every added latency is measured against. */
    static Contender direct(FakeBackend backend) {
        return new Contender() {
            @Override
            public String name() {
                return "direct";
            }

            @Override
            public int port() {
                return backend.port();
            }

            @Override
            public long cpuTicks() {
                return -1;
            }

            @Override
            public String description() {
                return "the fake backend on " + backend.url() + " (in the load generator's JVM)";
            }
        };
    }
}
