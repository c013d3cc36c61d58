package dev.tokenlb.springboot;

import java.util.Map;

import dev.tokenlb.TokenAwareLoadBalancer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds {@link TokenLbMeterBinder} for every {@link TokenAwareLoadBalancer} bean when Micrometer is on the class path;
 * Spring Boot binds it to its registries (with micrometer-registry-prometheus, {@code /actuator/prometheus} shows
 * {@code tokenlb_*}). Backs off without Micrometer.
 */
@AutoConfiguration(after = TokenLbAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public class TokenLbMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(TokenLbMeterBinder.class)
    public TokenLbMeterBinder tokenLbMeterBinder(Map<String, TokenAwareLoadBalancer> balancers) {
        return new TokenLbMeterBinder(balancers);
    }

    /** Binds the per-backend meters once Camel has started the routes, which is when balancers know their backends. */
    @Bean
    public CamelContextConfiguration tokenLbMetricsAfterStart(TokenLbMeterBinder binder) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                // nothing: the balancers have no backends yet
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                binder.balancersStarted();
            }
        };
    }
}
