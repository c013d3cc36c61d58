package dev.tokenlb.examples.javadsl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.tokenlb.gateway.config.GatewayConfig;
import dev.tokenlb.gateway.config.GatewaySetup;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.ModelToYAMLDumper;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One source of truth for the gateway's routes: {@link JavaDslGatewayRoutes} must build the very model that
 * {@code routes/gateway.yaml} builds. Both are loaded into a context wired by the same {@link GatewaySetup#install}
 * with the same settings (nothing started, no port opened), and Camel's own YAML dumps of every route configuration
 * and route are compared, without generated node ids and source locations (which differ by nature) but otherwise as
 * Camel sees them. The beans both declare are compared property by property.
 */
class JavaDslGatewayDriftTest {

    private static final String GATEWAY_YAML = "classpath:routes/gateway.yaml";

    private final List<CamelContext> contexts = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (CamelContext context : contexts) {
            Vertx vertx = context.getRegistry().lookupByNameAndType("vertx", Vertx.class);
            context.close();
            if (vertx != null) { // never started, so not closed with the context
                vertx.close().toCompletionStage().toCompletableFuture().get();
            }
        }
    }

    @Test
    void javaDslRoutesAreTheYamlRoutesStepForStep() throws Exception {
        CamelContext yaml = yamlGateway();
        CamelContext java = javaDslGateway();

        String expected = dump(yaml);
        String actual = dump(java);
        assertTrue(expected.contains("tokenlb-proxy") && expected.contains("loadBalance"),
                "the YAML gateway's dump lacks its proxy route:\n" + expected);
        if (!expected.equals(actual)) {
            fail("the Java DSL gateway (+) has drifted from routes/gateway.yaml (-); change both the same way:\n"
                 + LineDiff.of(expected, actual));
        }
    }

    @Test
    void bothDeclareTheSameBeansConfiguredAlike() throws Exception {
        CamelContext yaml = yamlGateway();
        CamelContext java = javaDslGateway();
        for (String name : List.of(GatewaySetup.BALANCER_BEAN, GatewaySetup.COUNTER_BEAN)) {
            Map<String, Object> fromYaml = settings(yaml, name);
            assertTrue(fromYaml.size() > 3, () -> "bean '" + name + "' shows too few settings: " + fromYaml);
            assertEquals(fromYaml, settings(java, name), "settings of bean '" + name + "' (YAML, then Java DSL)");
        }
    }

    private CamelContext yamlGateway() throws Exception {
        CamelContext context = wired();
        // as camel-main loads the gateway's routes: the routes loader on the YAML resource
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource(GATEWAY_YAML));
        return context;
    }

    private CamelContext javaDslGateway() throws Exception {
        CamelContext context = wired();
        context.addRoutes(new JavaDslGatewayRoutes());
        return context;
    }

    private CamelContext wired() throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        Properties settings = new Properties();
        settings.setProperty("tokenlb.port", "0");
        settings.setProperty("tokenlb.management-port", "-1"); // only the routes are compared: no second port
        settings.setProperty("tokenlb.backends", "http://127.0.0.1:1;name=a,http://127.0.0.1:2;name=b;weight=2");
        GatewaySetup.install(context, GatewayConfig.load(settings));
        return context;
    }

    /** Every route configuration, then every route, by id, as Camel's YAML dumper writes them. */
    private static String dump(CamelContext context) throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        ModelToYAMLDumper dumper = PluginHelper.getModelToYAMLDumper(context);
        List<NamedNode> nodes = new ArrayList<>();
        model.getRouteConfigurationDefinitions().stream()
                .sorted(Comparator.comparing(RouteConfigurationDefinition::getId)).forEach(nodes::add);
        model.getRouteDefinitions().stream().sorted(Comparator.comparing(RouteDefinition::getRouteId))
                .forEach(nodes::add);
        StringBuilder out = new StringBuilder();
        for (NamedNode node : nodes) {
            // placeholders as written, URIs as written, no generated ids, no source locations
            out.append(dumper.dumpModelAsYaml(context, node, false, false, false, false));
        }
        return out.toString();
    }

    /** The bean's readable settings of plain types (its running state, created on start, is not compared). */
    private static Map<String, Object> settings(CamelContext context, String name) {
        Object bean = context.getRegistry().lookupByName(name);
        assertTrue(bean != null, () -> "no bean '" + name + "'");
        Map<String, Object> all = new TreeMap<>();
        PluginHelper.getBeanIntrospection(context).getProperties(bean, all, null, false);
        Map<String, Object> plain = new TreeMap<>();
        all.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>) {
                plain.put(k, v);
            }
        });
        plain.put("class", bean.getClass().getName());
        return plain;
    }
}
