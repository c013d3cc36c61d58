package dev.tokenlb.springboot;

import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Adds {@link TokenLbHealthIndicator} (health component {@code tokenLb}) when Spring Boot's health support is on the
 * class path; backs off otherwise.
 */
@AutoConfiguration(after = TokenLbAutoConfiguration.class,
        afterName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public class TokenLbHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(TokenLbHealthIndicator.class)
    public TokenLbHealthIndicator tokenLbHealthIndicator(CamelContext camelContext) {
        return new TokenLbHealthIndicator(camelContext);
    }
}
