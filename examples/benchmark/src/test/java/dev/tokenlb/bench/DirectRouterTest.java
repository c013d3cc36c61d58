package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectRouterTest {

    private static final List<String> URLS = List.of("http://127.0.0.1:1001", "http://127.0.0.1:1002",
            "http://127.0.0.1:1003");

    @Test
    void roundRobinStartsAtBackendZeroLikeTheGateway() {
        DirectRouter router = new DirectRouter(DirectRouter.Policy.ROUND_ROBIN, URLS);
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picks.add(router.pick(null).index());
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), picks);
        assertEquals(1001, new DirectRouter(DirectRouter.Policy.ROUND_ROBIN, URLS).pick(null).port());
    }

    @Test
    void leastRequestsPicksTheFewestOpenAndRotatesTies() {
        DirectRouter router = new DirectRouter(DirectRouter.Policy.LEAST_REQUESTS, URLS);
        Router.Target a = router.pick(null);
        Router.Target b = router.pick(null);
        Router.Target c = router.pick(null);
        assertEquals(List.of(0, 1, 2), List.of(a.index(), b.index(), c.index()), "ties rotate on an idle cluster");
        router.done(b);
        assertEquals(1, router.pick(null).index(), "the only backend with nothing open");
        router.done(a);
        router.done(c);
        assertEquals(2, router.pick(null).index(), "0 and 2 tie; the cursor is at 1, so 2 comes first");
    }
}
