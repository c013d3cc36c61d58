package dev.tokenlb.springboot;

import dev.tokenlb.TokenAwareLoadBalancer;
import dev.tokenlb.TokenCountingProcessor;
import dev.tokenlb.camel.TokenLbHealthCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds the balancer (bean {@code tokenLb}) and the counting processor (bean {@code tokenCounter}) from
 * {@code tokenlb.*}, so routes name them: in YAML {@code loadBalance: customLoadBalancer: {ref: tokenLb}} and
 * {@code process: {ref: tokenCounter}}. Every setting is checked first: a bad one fails the start naming its key.
 * A bean of the same type declared by the application replaces the auto-configured one. The balancer is also
 * registered as Camel's readiness check {@code tokenlb/backends}.
 * <p>
 * The {@code tokenLb} bean serves one {@code loadBalance} (its ledger counts that EIP's targets): route every
 * balanced call through one route, as the example gateway does with {@code direct:}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = TokenLbProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TokenLbProperties.class)
public class TokenLbAutoConfiguration {

    /** Bean name of the auto-configured balancer, as routes refer to it. */
    public static final String BALANCER = "tokenLb";
    /** Bean name of the auto-configured counting processor, as routes refer to it. */
    public static final String COUNTER = "tokenCounter";

    @Bean(BALANCER)
    @ConditionalOnMissingBean(TokenAwareLoadBalancer.class)
    public TokenAwareLoadBalancer tokenLb(TokenLbProperties properties) {
        SettingsCheck.check(properties);
        TokenAwareLoadBalancer balancer = new TokenAwareLoadBalancer();
        properties.applyTo(balancer);
        return balancer;
    }

    @Bean(COUNTER)
    @ConditionalOnMissingBean(TokenCountingProcessor.class)
    public TokenCountingProcessor tokenCounter(TokenLbProperties properties) {
        SettingsCheck.check(properties);
        TokenCountingProcessor counter = new TokenCountingProcessor();
        properties.applyTo(counter);
        return counter;
    }

    /** Adds {@link TokenLbHealthCheck} to Camel's health checks (and so to Camel's own actuator contributor). */
    @Bean
    public CamelContextConfiguration tokenLbCamelHealthCheck() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                HealthCheckRegistry registry = HealthCheckRegistry.get(camelContext);
                if (registry != null) {
                    TokenLbHealthCheck check = new TokenLbHealthCheck();
                    check.setCamelContext(camelContext);
                    registry.register(check);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing: the check reads the balancers when asked
            }
        };
    }
}
