package dev.tokenlb.springboot;

import java.util.Map;

import dev.tokenlb.camel.TokenLbHealthCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The balancers' health in Spring Boot's actuator ({@code /actuator/health}, component {@code tokenLb}): the result of
 * the library's own {@link TokenLbHealthCheck}, so Camel and Spring Boot report alike. DOWN while some balancer has no
 * usable backend (every one ejected); details name each balancer's backends and usable backends.
 * <p>
 * Thread-safe.
 */
public class TokenLbHealthIndicator implements HealthIndicator {

    private final TokenLbHealthCheck check = new TokenLbHealthCheck();

    public TokenLbHealthIndicator(CamelContext camelContext) {
        check.setCamelContext(camelContext);
    }

    @Override
    public Health health() {
        HealthCheck.Result result = check.call();
        Health.Builder builder = switch (result.getState()) {
            case UP -> Health.up();
            case DOWN -> Health.down();
            default -> Health.unknown();
        };
        for (Map.Entry<String, Object> detail : result.getDetails().entrySet()) {
            if (!detail.getKey().startsWith("check.") && !detail.getKey().startsWith("invocation.")
                    && !detail.getKey().startsWith("failure.") && !detail.getKey().startsWith("success.")) {
                builder.withDetail(detail.getKey(), detail.getValue());
            }
        }
        result.getMessage().ifPresent(message -> builder.withDetail("message", message));
        return builder.build();
    }
}
