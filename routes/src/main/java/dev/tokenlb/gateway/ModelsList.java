package dev.tokenlb.gateway;

import java.util.List;

import dev.tokenlb.ledger.Target;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * {@code GET /v1/models}: the configured model list when there is one; otherwise the list of the first backend, in
 * configured order, that answers 200 (fetched with camel-http). 502 when none answers.
 * <p>
 * Thread-safe.
 */
final class ModelsList implements Processor {

    private final List<String> configured;
    private final List<Target> backends;
    private final CamelContext context;
    private volatile ProducerTemplate template;

    ModelsList(List<String> configured, List<Target> backends, CamelContext context) {
        this.configured = configured;
        this.backends = backends;
        this.context = context;
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
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (!configured.isEmpty()) {
            exchange.getMessage().setBody(listOf(configured));
            return;
        }
        for (Target backend : backends) {
            Exchange reply = template().request(backend.url() + "/v1/models?throwExceptionOnFailure=false"
                                              + "&httpMethod=GET&copyHeaders=false",
                    e -> e.getMessage().setBody(null));
            Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (reply.getException() == null && status != null && status == 200) {
                exchange.getMessage().setBody(reply.getMessage().getBody(String.class));
                return;
            }
        }
        OpenAiError error = new OpenAiError(502, "server_error", "backend_unreachable",
                "No backend answered the model list", null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setBody(error.toJson());
    }

    private static String listOf(List<String> models) {
        JsonArray data = new JsonArray();
        for (String id : models) {
            JsonObject m = new JsonObject();
            m.put("id", id);
            m.put("object", "model");
            m.put("owned_by", "tokenlb");
            data.add(m);
        }
        JsonObject root = new JsonObject();
        root.put("object", "list");
        root.put("data", data);
        return root.toJson();
    }
}
