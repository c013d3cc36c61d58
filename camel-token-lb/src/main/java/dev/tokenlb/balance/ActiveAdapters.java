package dev.tokenlb.balance;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.tokenlb.engine.EngineSample;
import dev.tokenlb.engine.ScrapeReport;
import dev.tokenlb.engine.ScrapeState;

/**
 * Per target, the LoRA adapters its engine had running or waiting at the last good scrape (vLLM's
 * {@code lora_requests_info}). A scrape that fails forgets the target's set: an adapter is preferred only where it is
 * known to be active, never on an old guess. Thread-safe: scrapes write, picks read.
 */
final class ActiveAdapters {

    private final AtomicReferenceArray<Set<String>> active;

    ActiveAdapters(int targets) {
        this.active = new AtomicReferenceArray<>(targets);
        for (int i = 0; i < targets; i++) {
            active.set(i, Set.of());
        }
    }

    void scraped(ScrapeReport report) {
        EngineSample s = report.sample();
        active.set(report.backend(), report.state() == ScrapeState.OK && s != null ? s.activeAdapters() : Set.of());
    }

    /** True when the adapter is active on the target. */
    boolean activeOn(int index, String adapter) {
        return active.get(index).contains(adapter);
    }

    /** True when the adapter is active on some target: only then does a pick need to look. */
    boolean activeAnywhere(String adapter) {
        for (int i = 0; i < active.length(); i++) {
            if (active.get(i).contains(adapter)) {
                return true;
            }
        }
        return false;
    }

    /** The adapters active on the target, for status pages. */
    Set<String> on(int index) {
        return active.get(index);
    }
}
