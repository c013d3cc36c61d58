package dev.tokenlb.gateway.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.util.json.Jsoner;

/**
 * {@code GET /health} and {@code /health/ready}: Camel's readiness checks, among them {@code tokenlb/backends}
 * (DOWN while every backend is ejected): 200 with {@code "status":"UP"}, or 503 with {@code "status":"DOWN"} and the
 * failing checks' messages. {@code GET /health/live}: 200 while the gateway serves at all (a gateway whose backends
 * are down is alive, and must not be restarted for it).
 * <p>
 * Thread-safe.
 */
public final class HealthReport implements Processor {

    private final boolean readiness;

    public HealthReport(boolean readiness) {
        this.readiness = readiness;
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, Object> root = new LinkedHashMap<>();
        boolean up = true;
        if (readiness) {
            Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(exchange.getContext(), "full");
            up = HealthCheckHelper.isResultsUp(results, true);
            List<Map<String, Object>> checks = new ArrayList<>();
            for (HealthCheck.Result r : results) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", r.getCheck().getGroup() + "/" + r.getCheck().getId());
                c.put("status", r.getState().name());
                r.getMessage().ifPresent(m -> c.put("message", m));
                checks.add(c);
            }
            root.put("status", up ? "UP" : "DOWN");
            root.put("checks", checks);
        } else {
            root.put("status", "UP");
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Jsoner.serialize(root));
    }
}
