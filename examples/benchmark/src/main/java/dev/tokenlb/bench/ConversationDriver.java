package dev.tokenlb.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tokenlb.sim.OutputLengthModel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * Drives the multi-turn workload: conversations arrive open loop (a seeded Poisson schedule, whether or not earlier
 * ones are answered), and within a conversation each turn is sent a think time after the previous reply ended, with
 * that reply's text as received in its history (closed loop). A turn's latency counts from when it was due (reply end
 * plus think time), as {@link LoadDriver}'s from the scheduled arrival. A conversation whose turn fails ends there.
 * All HTTP work and bookkeeping run on one event loop of the load generator's Vert.x; a dedicated thread keeps the
 * arrival clock. Not thread-safe: one run at a time.
 */
final class ConversationDriver {

    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private final Vertx vertx;
    private final MultiTurnWorkload workload;
    private final OutputLengthModel lengths;

    ConversationDriver(Vertx vertx, MultiTurnWorkload workload, OutputLengthModel lengths) {
        this.vertx = vertx;
        this.workload = workload;
        this.lengths = lengths;
    }

    /**
     * @param conversations the conversations, in arrival order
     * @param offsets       each conversation's arrival offset from the start, in nanoseconds
     * @param router        where each turn goes
     * @param thinkScale    wall-clock nanoseconds per simulated second of think time
     * @param drainNanos    how long to wait after the last arrival for conversations to end
     * @return every turn sent, in send order, with its result (null: unfinished)
     */
    RunRecord run(List<MultiTurnWorkload.Conversation> conversations, long[] offsets, Router router, double thinkScale,
                  long drainNanos, Progress progress) throws InterruptedException {
        int n = conversations.size();
        int maxTurns = conversations.stream().mapToInt(MultiTurnWorkload.Conversation::turns).sum();
        HttpClient client = LoadDriver.newClient(vertx);
        Context loop = vertx.getOrCreateContext();
        State state = new State(new RequestSender(client), router, thinkScale);
        AtomicInteger open = new AtomicInteger(n);
        long start = System.nanoTime() + LEAD_NANOS;
        state.open = open;

        Thread arrivals = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                long due = start + offsets[i];
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                MultiTurnWorkload.Conversation c = conversations.get(i);
                loop.runOnContext(v -> state.turn(new Talk(c), due));
            }
        }, "bench-conversations");
        arrivals.setDaemon(true);
        arrivals.start();

        long deadline = start + offsets[n - 1] + drainNanos;
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            progress.tick(state.done.get(), state.sentCount.get(), maxTurns, state.errors.get());
        }
        arrivals.join();
        CompletableFuture<RunRecord> snapshot = new CompletableFuture<>();
        loop.runOnContext(v -> {
            state.sealed = true;
            snapshot.complete(new RunRecord(List.copyOf(state.sent), state.results.toArray(new RequestResult[0]),
                    start, start + offsets[n - 1], state.maxLag));
        });
        RunRecord record = snapshot.orTimeout(30, TimeUnit.SECONDS).join();
        progress.end(state.done.get(), state.sentCount.get(), maxTurns, state.errors.get());
        client.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        return record;
    }

    /** One conversation's progress: the replies received so far. Confined to the loop. */
    private static final class Talk {
        final MultiTurnWorkload.Conversation conversation;
        final List<String> replies = new ArrayList<>();

        Talk(MultiTurnWorkload.Conversation conversation) {
            this.conversation = conversation;
        }
    }

    /** The run's bookkeeping, confined to the loop (the counters are read by the progress thread too). */
    private final class State {
        final RequestSender sender;
        final Router router;
        final double thinkScale;
        final List<BenchRequest> sent = new ArrayList<>();
        final List<RequestResult> results = new ArrayList<>();
        final AtomicInteger sentCount = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        AtomicInteger open;
        long maxLag;
        boolean sealed;

        State(RequestSender sender, Router router, double thinkScale) {
            this.sender = sender;
            this.router = router;
            this.thinkScale = thinkScale;
        }

        void turn(Talk talk, long due) {
            if (sealed) {
                return;
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            MultiTurnWorkload.Conversation c = talk.conversation;
            int t = talk.replies.size();
            byte[] body = MultiTurnWorkload.body(workload.systemPrompt(c.systemPrompt()),
                    c.userTurns().subList(0, t + 1), talk.replies);
            BenchRequest request = new BenchRequest(sent.size(), "turn-" + (t + 1), true, null,
                    promptTokens(workload.systemPrompt(c.systemPrompt()), c.userTurns().subList(0, t + 1),
                            talk.replies),
                    lengths.outputTokensForRequestBody(new String(body, StandardCharsets.UTF_8)), body);
            int position = sent.size();
            sent.add(request);
            results.add(null);
            sentCount.incrementAndGet();
            Router.Target target = router.pick(request);
            StringBuilder reply = new StringBuilder();
            sender.send(request, target, due, reply, result -> {
                if (sealed) {
                    return;
                }
                results.set(position, result);
                router.done(target);
                done.incrementAndGet();
                if (!result.ok()) {
                    errors.incrementAndGet();
                    open.decrementAndGet();
                    return;
                }
                talk.replies.add(reply.toString());
                if (talk.replies.size() == c.turns()) {
                    open.decrementAndGet();
                    return;
                }
                long think = Math.round(c.thinkSeconds()[talk.replies.size()] * thinkScale);
                long next = System.nanoTime() + think;
                vertx.setTimer(Math.max(1, think / 1_000_000), id -> turn(talk, next));
            });
        }
    }

    private static int promptTokens(String system, List<String> users, List<String> replies) {
        int tokens = CL100K.countTokensOrdinary(system);
        for (String u : users) {
            tokens += CL100K.countTokensOrdinary(u);
        }
        for (String r : replies) {
            tokens += CL100K.countTokensOrdinary(r);
        }
        return tokens;
    }
}
