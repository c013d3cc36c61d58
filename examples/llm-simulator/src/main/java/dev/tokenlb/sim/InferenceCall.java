package dev.tokenlb.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * One accepted generation request from its admission to its end: it feeds the engine's progress to the
 * {@link ReplyWriter}, and ends in exactly one of three ways, each counted once: completed (reply ended), cancelled
 * (the client went away: the sequence leaves the engine at once, freeing its slot) or dropped (the drop-mid-stream
 * fault closed the connection). Confined to the connection's event loop, which is also the engine's.
 */
final class InferenceCall implements SequenceListener {

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final ReplyWriter writer;
    private final BatchingEngine engine;
    private final SimulatorStats stats;
    private final Sequence sequence;
    private final int dropAfterTokens;
    private long stallTimer = -1;
    private boolean over;

    /**
     * @param dropAfterTokens close the connection after this many tokens if the reply is longer; 0 = never
     */
    InferenceCall(Vertx vertx, HttpServerRequest request, ReplyWriter writer, BatchingEngine engine,
                  SimulatorStats stats, PromptBlocks prompt, int outputTokens, int dropAfterTokens) {
        this.vertx = vertx;
        this.request = request;
        this.writer = writer;
        this.engine = engine;
        this.stats = stats;
        this.sequence = new Sequence(prompt.promptTokens(), outputTokens, prompt.blockHashes(), this);
        this.dropAfterTokens = dropAfterTokens;
    }

    /** Sends what goes first (stream headers) and queues the sequence, after {@code stallMillis} if positive. */
    void start(long stallMillis) {
        if (request.response().closed()) {
            over = true; // gone while its body was read: its close event has passed already
            stats.onCancelled();
            return;
        }
        request.response().closeHandler(v -> clientGone());
        request.response().exceptionHandler(e -> clientGone());
        writer.begin();
        if (stallMillis > 0) {
            stallTimer = vertx.setTimer(stallMillis, id -> {
                stallTimer = -1;
                if (!over) {
                    engine.submit(sequence);
                }
            });
        } else {
            engine.submit(sequence);
        }
    }

    @Override
    public void onToken(int tokensSoFar) {
        writer.token(tokensSoFar);
        if (dropAfterTokens > 0 && tokensSoFar >= dropAfterTokens && !sequence.isFinished()) {
            drop();
        }
    }

    @Override
    public void onComplete() {
        writer.finish(this::completed);
    }

    private void completed() {
        if (!over) {
            over = true;
            stats.onCompleted();
        }
    }

    private void clientGone() {
        if (!over) {
            over = true;
            if (stallTimer >= 0) {
                vertx.cancelTimer(stallTimer);
            }
            engine.cancel(sequence);
            stats.onCancelled();
        }
    }

    private void drop() {
        if (!over) {
            over = true;
            engine.cancel(sequence);
            stats.onDropped();
            request.connection().close();
        }
    }
}
