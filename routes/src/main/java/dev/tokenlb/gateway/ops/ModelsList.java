package dev.tokenlb.gateway.ops;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.tokenlb.gateway.errors.OpenAiError;
import dev.tokenlb.ledger.Target;
import dev.tokenlb.model.ModelCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * {@code GET /v1/models}: the configured model list when there is one; otherwise every backend's models as the
 * balancer knows them (configured per backend or discovered), merged, each id once (an adapter with its
 * {@code parent}), and the aliases of listed models; when no backend's list is known, the list of the first backend,
 * in configured order, that answers 200 (fetched with camel-http, with the backend's own key when it has one, else the
 * client's unless that is a gateway key). 502 when none answers. {@code GET /v1/models/{id}}: that model from the
 * list, or an OpenAI-style 404 ({@code model_not_found}).
 * <p>
 * Thread-safe.
 */
public final class ModelsList implements Processor {

    private final List<String> configured;
    private final List<Target> backends;
    private final CamelContext context;
    private volatile ProducerTemplate template;

    private final boolean gatewayKeys;
    private final Supplier<ModelCatalog> catalog;

    /**
     * @param catalog     the balancer's models, or null before it is started
     * @param gatewayKeys true when clients authenticate to the gateway itself: their key is not passed on
     */
    public ModelsList(List<String> configured, List<Target> backends, Supplier<ModelCatalog> catalog,
                      CamelContext context, boolean gatewayKeys) {
        this.configured = configured;
        this.catalog = catalog;
        this.backends = backends;
        this.context = context;
        this.gatewayKeys = gatewayKeys;
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    @Override
    public void process(Exchange exchange) {
        String id = modelId(exchange);
        String clientAuthorization = gatewayKeys ? null : exchange.getMessage().getHeader("Authorization", String.class);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        String list = configured.isEmpty() ? known() : listOf(configured);
        if (list == null) {
            list = fetch(clientAuthorization);
        }
        if (list == null) {
            reply(exchange, new OpenAiError(502, "server_error", "backend_unreachable",
                    "No backend answered the model list", null));
        } else if (id == null) {
            exchange.getMessage().setBody(list);
        } else {
            JsonObject model = find(list, id);
            if (model == null) {
                reply(exchange, new OpenAiError(404, "invalid_request_error", "model_not_found",
                        "The model '" + id + "' does not exist", "model"));
            } else {
                exchange.getMessage().setBody(model.toJson());
            }
        }
    }

    /**
     * The id of {@code GET /v1/models/{id}}, from the request's own path (not from headers, which a client can add:
     * platform-http merges a client header named like the path parameter into it), or null for the list.
     */
    private static String modelId(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http) {
            String path = http.getRequest().path();
            String prefix = "/v1/models/";
            if (path != null && path.startsWith(prefix) && path.length() > prefix.length()) {
                return java.net.URLDecoder.decode(path.substring(prefix.length()), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The backends' merged lists as the balancer knows them, or null when it knows none. */
    private String known() {
        ModelCatalog c = catalog.get();
        Map<String, String> listed = c == null ? Map.of() : c.listed();
        if (listed.isEmpty()) {
            return null;
        }
        JsonArray data = new JsonArray();
        for (Map.Entry<String, String> m : listed.entrySet()) {
            JsonObject model = model(m.getKey());
            model.put("parent", m.getValue());
            data.add(model);
        }
        return list(data);
    }

    /** The list of the first backend that answers 200, or null. */
    private String fetch(String clientAuthorization) {
        for (Target backend : backends) {
            String key = backend.keyEnv() == null ? null : System.getenv(backend.keyEnv());
            String authorization = key != null && !key.isBlank() ? "Bearer " + key.trim() : clientAuthorization;
            Exchange reply = template().request(backend.url() + "/v1/models?throwExceptionOnFailure=false"
                                              + "&httpMethod=GET&copyHeaders=false",
                    e -> {
                        e.getMessage().setBody(null);
                        if (authorization != null) {
                            e.getMessage().setHeader("Authorization", authorization);
                        }
                    });
            Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (reply.getException() == null && status != null && status == 200) {
                return reply.getMessage().getBody(String.class);
            }
        }
        return null;
    }

    private static JsonObject find(String list, String id) {
        try {
            Object parsed = Jsoner.deserialize(list);
            if (parsed instanceof JsonObject root && root.get("data") instanceof java.util.Collection<?> data) {
                for (Object m : data) {
                    if (m instanceof JsonObject model && id.equals(model.get("id"))) {
                        return model;
                    }
                }
            }
        } catch (org.apache.camel.util.json.DeserializationException e) {
            return null; // a backend list we cannot read has no such model
        }
        return null;
    }

    private static void reply(Exchange exchange, OpenAiError error) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setBody(error.toJson());
    }

    private static String listOf(List<String> models) {
        JsonArray data = new JsonArray();
        for (String id : models) {
            data.add(model(id));
        }
        return list(data);
    }

    private static JsonObject model(String id) {
        JsonObject m = new JsonObject();
        m.put("id", id);
        m.put("object", "model");
        m.put("owned_by", "tokenlb");
        return m;
    }

    private static String list(JsonArray data) {
        JsonObject root = new JsonObject();
        root.put("object", "list");
        root.put("data", data);
        return root.toJson();
    }
}
