package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The load generator's own balancing, with no gateway in between: the baseline that shows what the gateway itself
 * costs. Both policies mirror the gateway's: round robin starts at backend 0 as the gateway's does (with a
 * heavy-tailed mix the starting offset alone moves the mean by up to 20%), and least-requests picks the fewest open
 * requests with ties broken by a cursor that moves on every pick, as the gateway's {@code LeastLoadPick}.
 * Not thread-safe: confined to the load driver's event loop (see {@link Router}).
 */
final class DirectRouter implements Router {

    /** The policies a direct contender can use. */
    enum Policy {
        ROUND_ROBIN, LEAST_REQUESTS
    }

    private final Policy policy;
    private final List<Target> backends = new ArrayList<>();
    private final int[] open;
    private int cursor;

    DirectRouter(Policy policy, List<String> backendUrls) {
        this.policy = policy;
        for (int i = 0; i < backendUrls.size(); i++) {
            backends.add(Target.of(backendUrls.get(i), i));
        }
        this.open = new int[backends.size()];
    }

    @Override
    public Target pick(BenchRequest request) {
        int n = backends.size();
        int start = cursor;
        cursor = (cursor + 1) % n;
        int best = start;
        if (policy == Policy.LEAST_REQUESTS) {
            for (int k = 1; k < n; k++) {
                int i = (start + k) % n;
                if (open[i] < open[best]) {
                    best = i;
                }
            }
        }
        open[best]++;
        return backends.get(best);
    }

    @Override
    public void done(Target target) {
        open[target.index()]--;
    }
}
