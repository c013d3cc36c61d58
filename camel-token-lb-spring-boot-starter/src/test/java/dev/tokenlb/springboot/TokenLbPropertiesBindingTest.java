package dev.tokenlb.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tokenlb.*} settings bind onto the auto-configured balancer and counter (kebab-case keys, the standalone
 * gateway's names), the defaults are the gateway's, an application's own bean wins, and the metadata IDEs complete
 * from is generated.
 */
class TokenLbPropertiesBindingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TokenLbAutoConfiguration.class));

    @Test
    void settingsBindOntoTheBalancerAndTheCounter() {
        runner.withPropertyValues("tokenlb.backends=http://127.0.0.1:1;weight=2,http://127.0.0.1:2",
                        "tokenlb.strategy=tokens-p2c", "tokenlb.max-attempts=3", "tokenlb.eject-ms=700",
                        "tokenlb.max-eject-ms=9000", "tokenlb.engine-metrics=", "tokenlb.first-token-weight=0.5",
                        "tokenlb.max-inflight-tokens=50000", "tokenlb.encoding=o200k_base",
                        "tokenlb.output-estimate=fixed:64", "tokenlb.max-output-tokens=1000")
                .run(context -> {
                    TokenAwareLoadBalancer balancer = context.getBean("tokenLb", TokenAwareLoadBalancer.class);
                    assertEquals("http://127.0.0.1:1;weight=2,http://127.0.0.1:2", balancer.getBackends());
                    assertEquals("tokens-p2c", balancer.getStrategy());
                    assertEquals(3, balancer.getMaxAttempts());
                    assertEquals(700, balancer.getEjectMillis());
                    assertEquals(9000, balancer.getMaxEjectMillis());
                    assertEquals(0.5, balancer.getFirstTokenWeight());
                    assertEquals(50000, balancer.getMaxInflightTokens());
                    assertTrue(balancer.getEngineMetrics() == null || balancer.getEngineMetrics().isBlank());
                    TokenCountingProcessor counter = context.getBean("tokenCounter", TokenCountingProcessor.class);
                    assertEquals("o200k_base", counter.getEncoding());
                    assertEquals("fixed:64", counter.getOutputEstimate());
                    assertEquals(1000, counter.getMaxOutputTokens());
                });
    }

    @Test
    void modelSessionAndSharedLedgerSettingsBindToo() {
        runner.withPropertyValues("tokenlb.session-key=header:x-session-id", "tokenlb.default-model=llama",
                        "tokenlb.model-aliases=gpt-4o=llama", "tokenlb.model-fallbacks=llama=qwen",
                        "tokenlb.models-path=", "tokenlb.models-refresh-ms=0", "tokenlb.ledger-key-prefix=team-a",
                        "tokenlb.ledger-ttl-ms=15000")
                .run(context -> {
                    TokenAwareLoadBalancer balancer = context.getBean("tokenLb", TokenAwareLoadBalancer.class);
                    assertEquals("llama", balancer.getDefaultModel());
                    assertEquals("gpt-4o=llama", balancer.getModelAliases());
                    assertEquals("llama=qwen", balancer.getModelFallbacks());
                    assertTrue(balancer.getModelsPath() == null || balancer.getModelsPath().isEmpty());
                    assertEquals(0, balancer.getModelsRefreshMillis());
                    assertEquals("team-a", balancer.getLedgerKeyPrefix());
                    assertEquals(15000, balancer.getLedgerTtlMillis());
                    assertEquals("header:x-session-id",
                            context.getBean("tokenCounter", TokenCountingProcessor.class).getSessionKey());
                });
        runner.run(context -> {
            TokenAwareLoadBalancer balancer = context.getBean(TokenAwareLoadBalancer.class);
            assertEquals("/v1/models", balancer.getModelsPath(), "the library's defaults");
            assertEquals(30000, balancer.getModelsRefreshMillis());
            assertEquals(10000, balancer.getLedgerTtlMillis());
            assertEquals(50, balancer.getLedgerTimeoutMillis());
            assertTrue(balancer.getLedgerUrl() == null || balancer.getLedgerUrl().isBlank());
        });
    }

    @Test
    void defaultsAreTheStandaloneGatewaysDefaults() {
        runner.run(context -> {
            TokenAwareLoadBalancer balancer = context.getBean(TokenAwareLoadBalancer.class);
            assertEquals("latency", balancer.getStrategy());
            assertEquals(2, balancer.getMaxAttempts());
            assertTrue(balancer.isLearnSpeed());
            assertTrue(balancer.isDecay());
            assertEquals("/metrics", balancer.getEngineMetrics());
            assertNull(balancer.getBackends(), "no backends: the loadBalance outputs are the targets");
            assertEquals("learned", context.getBean(TokenCountingProcessor.class).getOutputEstimate());
        });
    }

    @Test
    void anApplicationsOwnBalancerReplacesTheAutoConfiguredOne() {
        TokenAwareLoadBalancer own = new TokenAwareLoadBalancer();
        runner.withBean("myLb", TokenAwareLoadBalancer.class, () -> own).run(context -> {
            assertEquals(1, context.getBeansOfType(TokenAwareLoadBalancer.class).size());
            assertTrue(context.getBean(TokenAwareLoadBalancer.class) == own);
        });
    }

    @Test
    void disabledStarterBuildsNothing() {
        runner.withPropertyValues("tokenlb.enabled=false").run(context -> {
            assertFalse(context.containsBean("tokenLb"));
            assertFalse(context.containsBean("tokenCounter"));
        });
    }

    @Test
    void configurationMetadataDescribesTheSettingsForIdes() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "spring-boot-configuration-processor output missing");
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String key : new String[] {"tokenlb.backends", "tokenlb.strategy", "tokenlb.max-attempts",
                    "tokenlb.engine-metrics", "tokenlb.encoding", "tokenlb.output-estimate"}) {
                assertTrue(json.contains("\"name\": \"" + key + "\"") || json.contains("\"name\":\"" + key + "\""),
                        key + " missing from the metadata");
            }
            assertTrue(json.contains("How a backend is picked"), "descriptions come from the field comments");
        }
    }
}
