package dev.tokenlb.sim;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Routes the simulated OpenAI API: {@code POST /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings},
 * {@code GET /v1/models} (its {@link ModelList}), {@code GET /health} and vLLM's {@code GET /metrics} (404 when switched
 * off). The whole body is read first, then an injected failure status answers every request, health and models
 * included; otherwise a generation request is parsed, counted (a model not served gets vLLM's 404), given its output
 * length and handed to an {@link InferenceCall}. Confined to the verticle's event loop (one per backend).
 */
final class ApiHandler implements Handler<HttpServerRequest> {

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final BatchingEngine engine;
    private final FaultInjection faults;
    private final SimulatorStats stats;
    private final BooleanSupplier metricsEnabled;
    private final Supplier<ModelList> models;
    private final Map<String, LongAdder> modelRequests;
    private final long startedAt = System.currentTimeMillis() / 1000;
    private String name;
    private long nextId;

    ApiHandler(Vertx vertx, SimulatorConfig config, BatchingEngine engine, FaultInjection faults,
               SimulatorStats stats, BooleanSupplier metricsEnabled, Supplier<ModelList> models,
               Map<String, LongAdder> modelRequests) {
        this.vertx = vertx;
        this.config = config;
        this.engine = engine;
        this.faults = faults;
        this.stats = stats;
        this.metricsEnabled = metricsEnabled;
        this.models = models;
        this.modelRequests = modelRequests;
        this.name = config.name();
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (name == null) {
            name = "sim-" + request.localAddress().port();
        }
        request.response().putHeader("x-sim-backend", name);
        ApiKind kind = generationKind(request);
        if (kind != null) {
            stats.onReceived();
        }
        request.body().onComplete(body -> {
            if (body.failed()) {
                return; // the connection broke while the body was read: nobody to answer
            }
            int failure = faults.failureStatus();
            if (failure != 0) {
                if (kind != null) {
                    stats.onFailed();
                }
                int retryAfter = faults.retryAfterSeconds();
                if (retryAfter > 0) {
                    request.response().putHeader("Retry-After", Integer.toString(retryAfter));
                }
                sendError(request.response(), failure, "simulated failure (status " + failure + ")");
            } else if (kind != null) {
                generate(kind, request, body.result());
            } else {
                answerProbe(request);
            }
        });
    }

    private static ApiKind generationKind(HttpServerRequest request) {
        if (request.method() != HttpMethod.POST) {
            return null;
        }
        switch (request.path()) {
            case "/v1/chat/completions":
                return ApiKind.CHAT;
            case "/v1/completions":
                return ApiKind.COMPLETION;
            case "/v1/embeddings":
                return ApiKind.EMBEDDING;
            default:
                return null;
        }
    }

    private void answerProbe(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        boolean get = request.method() == HttpMethod.GET;
        if (get && "/health".equals(request.path())) {
            sendJson(response, 200, new JsonObject().put("status", "UP"));
        } else if (get && "/v1/models".equals(request.path())) {
            sendJson(response, 200, models.get().toJson(startedAt));
        } else if (get && "/metrics".equals(request.path()) && metricsEnabled.getAsBoolean()) {
            // on the engine's event loop: the text is the engine's state at this moment
            response.setStatusCode(200).putHeader("content-type", VllmMetricsText.CONTENT_TYPE)
                    .end(VllmMetricsText.render(engine, config.modelId(), models.get()));
        } else {
            sendError(response, 404, "no such endpoint: " + request.method() + " " + request.path());
        }
    }

    private void generate(ApiKind kind, HttpServerRequest request, Buffer body) {
        LlmRequest parsed;
        try {
            parsed = RequestParser.parse(kind, body);
        } catch (InvalidRequestException e) {
            stats.onRejected();
            sendError(request.response(), 400, e.getMessage());
            return;
        }
        ModelList served = models.get();
        String model = parsed.model() == null ? served.first() : parsed.model();
        if (!served.serves(model)) {
            // vLLM's answer to a model it does not serve; counted apart, as a request that was sent to the wrong place
            stats.onRejected();
            modelRequests.computeIfAbsent(SimulatedLlmServer.WRONG_MODEL, k -> new LongAdder()).increment();
            sendJson(request.response(), 404, new JsonObject().put("error", new JsonObject()
                    .put("message", "The model `" + model + "` does not exist.").put("type", "NotFoundError")
                    .put("code", 404)));
            return;
        }
        modelRequests.computeIfAbsent(model, k -> new LongAdder()).increment();
        PromptBlocks blocks = config.prefixCacheBlocks() > 0
                ? PromptBlocks.of(parsed, config.prefixBlockTokens()) : PromptBlocks.countOnly(parsed);
        int promptTokens = blocks.promptTokens();
        String key = parsed.lengthKey();
        int outputTokens = 0;
        String finishReason = null;
        if (kind != ApiKind.EMBEDDING) {
            int natural = config.outputLengths().naturalOutputTokensFor(key);
            outputTokens = parsed.maxTokens() == null ? natural : Math.min(natural, parsed.maxTokens());
            finishReason = outputTokens < natural ? "length" : "stop";
        }
        ReplyMeta meta = new ReplyMeta(idPrefix(kind) + name + "-" + (++nextId), System.currentTimeMillis() / 1000,
                parsed.modelOr(served.strict() ? served.first() : config.modelId()), kind, promptTokens, outputTokens,
                finishReason,
                parsed.includeUsage(), key.hashCode());
        ReplyWriter writer = parsed.stream() && kind != ApiKind.EMBEDDING
                ? new SseReplyWriter(request.response(), meta)
                : new JsonReplyWriter(request.response(), meta, parsed.inputCount(), config.embeddingDimensions());
        stats.onAccepted(promptTokens);
        new InferenceCall(vertx, request, writer, engine, stats, blocks, outputTokens, faults.dropAfterTokens())
                .start(faults.stallBeforeFirstTokenMillis());
    }

    private static String idPrefix(ApiKind kind) {
        return kind == ApiKind.CHAT ? "chatcmpl-" : kind == ApiKind.COMPLETION ? "cmpl-" : "embd-";
    }

    private static void sendJson(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    static void sendError(HttpServerResponse response, int status, String message) {
        if (status == 429 || status == 503) {
            response.putHeader("retry-after", "1");
        }
        sendJson(response, status, OpenAiJson.error(status, message));
    }
}
