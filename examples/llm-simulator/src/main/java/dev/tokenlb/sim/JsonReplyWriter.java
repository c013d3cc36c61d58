package dev.tokenlb.sim;

import io.vertx.core.http.HttpServerResponse;

/**
 * A non-streamed reply: nothing is sent until generation is over, then one JSON body, as an OpenAI server does.
 * Confined to the connection's event loop.
 */
final class JsonReplyWriter implements ReplyWriter {

    private final HttpServerResponse response;
    private final ReplyMeta meta;
    private final int embeddingInputs;
    private final int embeddingDimensions;

    /** For embeddings, {@code embeddingInputs} vectors of {@code embeddingDimensions} each; ignored otherwise. */
    JsonReplyWriter(HttpServerResponse response, ReplyMeta meta, int embeddingInputs, int embeddingDimensions) {
        this.response = response;
        this.meta = meta;
        this.embeddingInputs = embeddingInputs;
        this.embeddingDimensions = embeddingDimensions;
    }

    @Override
    public void begin() {
    }

    @Override
    public void token(int index) {
    }

    @Override
    public void finish(Runnable ended) {
        String body = meta.kind() == ApiKind.EMBEDDING
                ? OpenAiJson.embeddings(meta, embeddingInputs, embeddingDimensions).encode()
                : OpenAiJson.completion(meta).encode();
        response.putHeader("content-type", "application/json").end(body);
        ended.run();
    }
}
