package dev.tokenlb.jmh;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.model.BackendModels;
import dev.tokenlb.model.ModelCatalog;
import dev.tokenlb.model.ServedModels;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What model routing adds to one balancing decision: resolving the request's model (an alias) and marking the
 * targets that do not serve it, then pick, reserve and release as {@link LedgerBenchmark} does, against the same
 * pick and reserve with no model (baseline). Half the targets serve {@code llama} (and an adapter), half {@code qwen};
 * one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class ModelRoutingBenchmark {

    @Param({ "4", "16", "64" })
    public int targets;

    private TokenLedger ledger;
    private PickPolicy policy;
    private ModelCatalog catalog;
    private final BitSet excluded = new BitSet();

    @Setup(Level.Trial)
    public void setUp() {
        List<Target> list = new ArrayList<>(targets);
        List<ServedModels> models = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            list.add(new Target("t" + i, "http://10.0.0." + i + ":8000", 1.0));
            models.add(ServedModels.of(i % 2 == 0 ? List.of("llama", "llama-sql-lora") : List.of("qwen")));
        }
        ledger = new TokenLedger(list);
        policy = PickPolicies.forName("tokens");
        catalog = new ModelCatalog(new BackendModels(models), null, Map.of("gpt-4o", "qwen"), Map.of());
    }

    @Benchmark
    public long baselineNoModel() {
        Lease lease = ledger.reserve(policy, 1_200, 1_000, null);
        lease.release();
        return lease.index();
    }

    @Benchmark
    public long modelFilteredPick() {
        excluded.clear();
        catalog.exclude(catalog.resolve("gpt-4o"), excluded);
        Lease lease = ledger.reserve(policy, 1_200, 1_000, excluded);
        lease.release();
        return lease.index();
    }
}
