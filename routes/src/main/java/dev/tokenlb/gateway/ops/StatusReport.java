package dev.tokenlb.gateway.ops;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.cost.BackendSpeeds;
import dev.tokenlb.cost.LearnedOutputEstimator;
import dev.tokenlb.cost.OutputEstimator;
import dev.tokenlb.ledger.TargetStats;
import dev.tokenlb.ledger.TokenLedger;
import dev.tokenlb.model.ModelCatalog;
import dev.tokenlb.model.ServedModels;
import dev.tokenlb.tenant.Tenant;
import dev.tokenlb.tenant.TenantUsage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * {@code GET /tokenlb/status}: the strategy and, per backend, its name, URL, weight, in-flight tokens (the work left)
 * and requests, the totals routed since start, and its learned decode speed; with the learned output estimate, the
 * prediction against what was observed, per model; requests, tokens, refusals and fallbacks per model
 * ({@link ModelTraffic}, {@code modelTraffic}); what the balancer knows of each backend beyond that (its engine's
 * metrics, the prefix index, the calibrated service times: {@link BackendInsight}); the shared ledger, if any
 * ({@link ClusterReport}); and with tenants, per tenant (by name, never by key) its limits and what it used this minute
 * and today. Thread-safe; the figures are read without stopping traffic, so they are a
 * moment's view, each exact on its own.
 */
public final class StatusReport implements Processor {

    private final TokenAwareLoadBalancer balancer;
    private final OutputEstimator estimator;
    private final Supplier<List<TenantUsage>> tenants;
    /** Null: no per-model figures. */
    private final ModelTraffic traffic;

    public StatusReport(TokenAwareLoadBalancer balancer, OutputEstimator estimator) {
        this(balancer, estimator, null, null);
    }

    /**
     * @param tenants every tenant's limits and use, or null without tenants
     * @param traffic per-model figures, or null
     */
    public StatusReport(TokenAwareLoadBalancer balancer, OutputEstimator estimator,
                        Supplier<List<TenantUsage>> tenants, ModelTraffic traffic) {
        this.balancer = balancer;
        this.estimator = estimator;
        this.tenants = tenants;
        this.traffic = traffic;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(toJson().toJson());
    }

    /** The backend's models and where they come from; {@code "models": null} when it is sent every model. */
    private static void addModels(JsonObject b, ModelCatalog catalog, int i) {
        if (catalog == null) {
            return;
        }
        ServedModels m = catalog.backends().of(i);
        b.put("models", m.known() ? new JsonArray(List.copyOf(m.ids())) : null);
        b.put("modelsFrom", catalog.backends().isConfigured(i) ? "configured" : m.known() ? "discovered" : "unknown");
    }

    JsonObject toJson() {
        JsonObject root = new JsonObject();
        root.put("strategy", balancer.getStrategy());
        TokenLedger ledger = balancer.getLedger();
        JsonArray backends = new JsonArray();
        long tokens = 0;
        long requests = 0;
        BackendSpeeds speeds = balancer.getSpeeds();
        if (ledger != null) {
            int i = 0;
            for (TargetStats s : ledger.snapshot()) {
                JsonObject b = new JsonObject();
                b.put("name", s.target().name());
                b.put("url", s.target().url());
                b.put("weight", s.target().weight());
                b.put("inflightTokens", s.inflightTokens());
                b.put("inflightRequests", s.inflightRequests());
                b.put("pendingPrefillTokens", ledger.pendingPrefillTokens(i));
                b.put("totalRequests", s.totalRequests());
                b.put("totalTokens", s.totalTokens());
                if (balancer.getHealth() != null) {
                    b.put("health", balancer.getHealth().state(i).label());
                    b.put("usable", balancer.getHealth().admits(i));
                    b.put("failuresInARow", balancer.getHealth().failuresInARow(i));
                    b.put("ejections", balancer.getHealth().ejections(i));
                }
                if (speeds != null) {
                    b.put("decodeTokensPerSecond", round(speeds.decodeTokensPerSecond(i)));
                    b.put("relativeSpeed", round(speeds.relativeSpeed(i)));
                    b.put("effectiveWeight", round(ledger.effectiveWeight(i)));
                }
                if (balancer.getBalancer() != null) {
                    BackendInsight.addTo(b, balancer.getBalancer(), i);
                }
                addModels(b, balancer.getModelCatalog(), i);
                i++;
                backends.add(b);
                tokens += s.inflightTokens();
                requests += s.inflightRequests();
            }
        }
        root.put("inflightTokens", tokens);
        root.put("inflightRequests", requests);
        root.put("backends", backends);
        root.put("ledger", ClusterReport.toJson(balancer));
        root.put("learnSpeed", balancer.isLearnSpeed());
        root.put("decay", balancer.isDecay());
        if (estimator != null) {
            root.put("outputEstimate", estimator.name());
        }
        if (traffic != null) {
            JsonArray models = new JsonArray();
            for (ModelTraffic.Figures f : traffic.figures()) {
                JsonObject m = new JsonObject();
                m.put("model", f.model());
                m.put("requests", f.requests());
                m.put("promptTokens", f.promptTokens());
                m.put("outputTokens", f.outputTokens());
                m.put("rejected", f.rejected());
                m.put("fallbacks", f.fallbacks());
                models.add(m);
            }
            root.put("modelTraffic", models);
        }
        if (estimator instanceof LearnedOutputEstimator learned) {
            JsonArray models = new JsonArray();
            for (LearnedOutputEstimator.ModelAccuracy a : learned.accuracy()) {
                JsonObject m = new JsonObject();
                m.put("model", a.model());
                m.put("replies", a.replies());
                m.put("meanPredicted", round(a.meanPredicted()));
                m.put("meanObserved", round(a.meanObserved()));
                m.put("meanAbsoluteError", round(a.meanAbsoluteError()));
                models.add(m);
            }
            root.put("outputEstimates", models);
        }
        if (tenants != null) {
            root.put("tenants", tenantsJson(tenants.get()));
        }
        return root;
    }

    private static JsonArray tenantsJson(List<TenantUsage> usage) {
        JsonArray all = new JsonArray();
        for (TenantUsage u : usage) {
            Tenant t = u.tenant();
            JsonObject limits = new JsonObject();
            limits.put("tokensPerMinute", t.tokensPerMinute());
            limits.put("requestsPerMinute", t.requestsPerMinute());
            limits.put("dailyTokens", t.dailyTokens());
            JsonObject j = new JsonObject();
            j.put("name", t.name());
            j.put("priority", t.priority().name().toLowerCase(Locale.ROOT));
            j.put("limits", limits);
            j.put("requestsThisMinute", u.requestsThisMinute());
            j.put("tokensThisMinute", u.tokensThisMinute());
            j.put("tokensToday", u.tokensToday());
            j.put("requests", u.requests());
            j.put("tokens", u.tokens());
            long refused = 0;
            for (long r : u.rejections()) {
                refused += r;
            }
            j.put("rejections", refused);
            all.add(j);
        }
        return all;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
