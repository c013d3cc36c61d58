package dev.tokenlb.springboot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidTokenLbSettingException} anywhere in a failed start into Spring Boot's "APPLICATION FAILED TO
 * START" report: the setting, its value and why, then what to change. Registered in {@code META-INF/spring.factories}.
 * <p>
 * Stateless; thread-safe.
 */
public class InvalidTokenLbSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTokenLbSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidTokenLbSettingException cause) {
        String description = "The setting '" + cause.getSetting() + "' has the value '" + cause.getValue()
                             + "', which the token-aware load balancer cannot use: " + cause.getReason();
        String action = "Change '" + cause.getSetting() + "' in application.properties / application.yaml (or its "
                        + "environment variable or command-line argument) to an allowed value.";
        return new FailureAnalysis(description, action, cause);
    }
}
