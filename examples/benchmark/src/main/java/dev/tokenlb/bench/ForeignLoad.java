package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Load the balancer does not see: a foreign client that bypasses the gateway and sends its own requests straight to
 * one backend for the whole run, as another team's service sharing the GPU would. Its requests are merged into the
 * run's arrival schedule, marked by a kind starting with {@value #KIND_PREFIX}, routed by {@link #router} to that
 * backend, and left out of the contender's figures ({@link RunRecord#only}). Stateless.
 */
final class ForeignLoad {

    static final String KIND_PREFIX = "foreign/";

    private ForeignLoad() {
    }

    /** The requests and arrival offsets of one run, in arrival order. */
    record Schedule(List<BenchRequest> requests, long[] offsets) {
    }

    static boolean isForeign(BenchRequest request) {
        return request.kind().startsWith(KIND_PREFIX);
    }

    /**
     * Merges the gateway's requests and the foreign client's by arrival time; every request is re-indexed by its
     * position, and the foreign ones' kind is prefixed with {@value #KIND_PREFIX}.
     */
    static Schedule merge(List<BenchRequest> own, long[] ownOffsets, List<BenchRequest> foreign,
                          long[] foreignOffsets) {
        int n = own.size() + foreign.size();
        List<BenchRequest> requests = new ArrayList<>(n);
        long[] offsets = new long[n];
        int i = 0;
        int j = 0;
        while (i < own.size() || j < foreign.size()) {
            boolean takeOwn = j >= foreign.size() || (i < own.size() && ownOffsets[i] <= foreignOffsets[j]);
            BenchRequest r = takeOwn ? own.get(i) : foreign.get(j);
            offsets[requests.size()] = takeOwn ? ownOffsets[i++] : foreignOffsets[j++];
            requests.add(new BenchRequest(requests.size(), takeOwn ? r.kind() : KIND_PREFIX + r.kind(), r.stream(),
                    r.maxTokens(), r.promptTokens(), r.outputTokens(), r.body()));
        }
        return new Schedule(requests, offsets);
    }

    /**
     * Sends foreign requests to {@code backend} and the rest through {@code contender}; {@link Router#done} reaches
     * the contender's router for its own requests only. Confined to the load driver's loop, like every router.
     */
    static Router router(Router contender, Router.Target backend) {
        return new Router() {
            @Override
            public Target pick(BenchRequest request) {
                return isForeign(request) ? backend : contender.pick(request);
            }

            @Override
            public void done(Target target) {
                if (target != backend) { // identity: a direct router may hold an equal target of its own
                    contender.done(target);
                }
            }
        };
    }
}
