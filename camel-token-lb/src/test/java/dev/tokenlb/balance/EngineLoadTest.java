package dev.tokenlb.balance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.tokenlb.engine.EngineScraper;
import dev.tokenlb.ledger.Lease;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.pick.PickPolicies;
import dev.tokenlb.pick.PickRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Foreign load is the engine's queue at the last scrape less this balancer's requests there at that moment. */
class EngineLoadTest {

    private HttpServer server;
    private volatile String metrics = "";
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/a/metrics", exchange -> {
            byte[] body = metrics.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/b/metrics", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String vllm(int running, int waiting) {
        return "# TYPE vllm:num_requests_running gauge\n"
               + "vllm:num_requests_running{model_name=\"m\",engine=\"0\"} " + running + ".0\n"
               + "# TYPE vllm:num_requests_waiting gauge\n"
               + "vllm:num_requests_waiting{model_name=\"m\",engine=\"0\"} " + waiting + ".0\n";
    }

    @Test
    void foreignLoadIsTheEngineQueueLessOurRequestsAtTheScrapeAndStaysUntilTheNext() throws Exception {
        TokenLedger ledger = new TokenLedger(List.of(new Target("a", base() + "/a", 1), new Target("b", base() + "/b", 1)));
        EngineLoad[] load = new EngineLoad[1];
        List<String> urls = new ArrayList<>();
        ledger.targets().forEach(t -> urls.add(t.url()));
        EngineScraper scraper = EngineScraper.builder(urls).intervalMillis(500).clock(nanos::get)
                .listener(r -> load[0].scraped(r)).build();
        load[0] = new EngineLoad(ledger, scraper);

        List<Lease> ours = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ours.add(ledger.reserveOn(0, 100)); // three of ours, not yet started: pending prefill 0 tokens each
        }
        metrics = vllm(10, 2); // the engine sees our 3 and 9 from another client
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
        assertEquals(9, load[0].requests(0), 1e-9);
        assertEquals(0, load[0].requests(1), 1e-9, "a backend without metrics has no foreign load");

        ours.forEach(Lease::release); // ours finish: the ledger shows it at once, the foreign estimate stays
        assertEquals(9, load[0].requests(0), 1e-9);
        assertEquals(0, ledger.inflightRequests(0));

        metrics = vllm(4, 0); // next scrape: the other client is down to 4
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
        assertEquals(4, load[0].requests(0), 1e-9);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10)); // no scrape for 10 s: stale, so the ledger alone counts
        assertEquals(0, load[0].requests(0), 1e-9);
    }

    @Test
    void ourOwnRequestsAreNeverCountedAsForeign() throws Exception {
        TokenLedger ledger = new TokenLedger(List.of(new Target("a", base() + "/a", 1)));
        EngineLoad[] load = new EngineLoad[1];
        EngineScraper scraper = EngineScraper.builder(List.of(base() + "/a")).clock(nanos::get)
                .listener(r -> load[0].scraped(r)).build();
        load[0] = new EngineLoad(ledger, scraper);
        for (int k = 0; k < 5; k++) {
            ledger.reserve(PickPolicies.leastRequests(), new PickRequest(600, 500, null), null);
        }
        metrics = vllm(2, 1); // the engine has not seen two of ours yet (still on the wire)
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
        assertEquals(0, load[0].requests(0), 1e-9);
        assertEquals(0, load[0].prefillTokens(0), 1e-9);
    }

    @Test
    void foreignRequestsWaitingBringTheirPrefill() throws Exception {
        TokenLedger ledger = new TokenLedger(List.of(new Target("a", base() + "/a", 1)));
        EngineLoad[] load = new EngineLoad[1];
        EngineScraper scraper = EngineScraper.builder(List.of(base() + "/a")).clock(nanos::get)
                .listener(r -> load[0].scraped(r)).build();
        load[0] = new EngineLoad(ledger, scraper);
        ledger.reserve(PickPolicies.leastRequests(), new PickRequest(1_200, 1_000, null), null); // ours, pending
        metrics = vllm(6, 4); // 3 of the waiting are another client's
        scraper.scrapeAll().get(5, TimeUnit.SECONDS);
        assertEquals(9, load[0].requests(0), 1e-9);
        assertEquals(3 * 1_000, load[0].prefillTokens(0), 1e-9, "priced at our mean pending prompt");
    }
}
