package dev.tokenlb.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadOptionsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void defaultsMeasureEveryContenderAtTwoHundredAndThousand() {
        OverheadOptions o = OverheadOptions.parse(new String[0], TODAY);
        assertEquals(List.of(200, 1000), o.rates());
        assertEquals(List.of("direct", "gateway", "camel", "nginx"), o.contenders());
        assertEquals(Path.of("examples/results/2026-11-25-overhead"), o.out());
        assertEquals(ArrivalSchedule.Kind.UNIFORM, o.arrivals());
    }

    @Test
    void parsesEveryOption() {
        OverheadOptions o = OverheadOptions.parse(new String[] {
            "--rates", "100, 500", "--seconds", "3", "--rounds", "4", "--warmup", "0", "--contenders", "nginx,direct",
            "--out", "/tmp/x", "--stream", "--arrivals", "poisson", "--gateway-jvm-arg", "-XX:+UseSerialGC",
            "--seed", "9"}, TODAY);
        assertEquals(List.of(100, 500), o.rates());
        assertEquals(3, o.seconds());
        assertEquals(4, o.rounds());
        assertEquals(0, o.warmupSeconds());
        assertEquals(List.of("direct", "nginx"), o.contenders());
        assertEquals(Path.of("/tmp/x"), o.out());
        assertTrue(o.stream());
        assertEquals(ArrivalSchedule.Kind.POISSON, o.arrivals());
        assertEquals(List.of("-XX:+UseSerialGC"), o.gatewayJvmArgs());
        assertEquals(9, o.seed());
        assertEquals(List.of("-XX:+UseSerialGC"), o.baselineJvmArgs(), "the baseline shares the gateway's options");
    }

    @Test
    void theBaselineMayRunWithOptionsOfItsOwn() {
        OverheadOptions o = OverheadOptions.parse(new String[] {
            "--gateway-jvm-arg", "-Xss512k", "--baseline-jar", "/tmp/gw.jar",
            "--baseline-jvm-arg", "-Dtokenlb.virtual-threads=true", "--baseline-jvm-arg", "-Xss256k"}, TODAY);
        assertEquals(List.of("-Xss512k"), o.gatewayJvmArgs());
        assertEquals(List.of("-Dtokenlb.virtual-threads=true", "-Xss256k"), o.baselineJvmArgs());
        assertEquals(Path.of("/tmp/gw.jar"), o.baselineJar());
    }

    @Test
    void rejectsWhatItCannotMeasure() {
        assertThrows(IllegalArgumentException.class, () -> OverheadOptions.parse(new String[] {"--rates", "0"}, TODAY));
        assertThrows(IllegalArgumentException.class,
                     () -> OverheadOptions.parse(new String[] {"--contenders", "gateway"}, TODAY));
        assertThrows(IllegalArgumentException.class,
                     () -> OverheadOptions.parse(new String[] {"--contenders", "direct,envoy"}, TODAY));
        assertThrows(IllegalArgumentException.class, () -> OverheadOptions.parse(new String[] {"--seconds"}, TODAY));
        assertThrows(IllegalArgumentException.class, () -> OverheadOptions.parse(new String[] {"--fast"}, TODAY));
    }
}
