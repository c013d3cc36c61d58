package dev.tokenlb.model;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Each backend's models, by its index in the ledger: the configured list when there is one (it always wins), else the
 * last discovered one, else {@link ServedModels#UNKNOWN}. Thread-safe: discovery writes, requests read, without locks.
 */
public final class BackendModels {

    private final List<ServedModels> configured;
    private final AtomicReferenceArray<ServedModels> discovered;
    /** Bumped whenever a discovered list changes, so what was derived from the lists can be kept until then. */
    private final AtomicLong version = new AtomicLong();

    /** @param configured per backend, {@link ServedModels#UNKNOWN} where none is configured */
    public BackendModels(List<ServedModels> configured) {
        this.configured = List.copyOf(configured);
        this.discovered = new AtomicReferenceArray<>(configured.size());
    }

    public int size() {
        return configured.size();
    }

    /** What backend {@code index} serves, as routing sees it now. */
    public ServedModels of(int index) {
        ServedModels c = configured.get(index);
        if (c.known()) {
            return c;
        }
        ServedModels d = discovered.get(index);
        return d == null ? ServedModels.UNKNOWN : d;
    }

    /** True when the backend's list is configured: discovery leaves it alone. */
    public boolean isConfigured(int index) {
        return configured.get(index).known();
    }

    /** Sets what discovery found; {@link ServedModels#UNKNOWN} forgets it. */
    void discovered(int index, ServedModels models) {
        ServedModels before = discovered.getAndSet(index, models);
        if (!models.equals(before == null ? ServedModels.UNKNOWN : before)) {
            version.incrementAndGet();
        }
    }

    /** Changes whenever a backend's list changes. */
    long version() {
        return version.get();
    }

    /** True when some backend's list is known (configured or discovered). */
    public boolean anyKnown() {
        for (int i = 0; i < size(); i++) {
            if (of(i).known()) {
                return true;
            }
        }
        return false;
    }
}
