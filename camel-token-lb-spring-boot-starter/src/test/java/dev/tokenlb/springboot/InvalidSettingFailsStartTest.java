package dev.tokenlb.springboot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A setting the balancer cannot use fails the start, and Spring Boot's failure report names the setting, its value and
 * what is allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingFailsStartTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TokenLbAutoConfiguration.class));

    @Test
    void unknownStrategyFailsNamingTheSettingAndTheAllowedValues() {
        FailureAnalysis analysis = analysisOf("tokenlb.strategy=fastest");
        assertTrue(analysis.getDescription().contains("'tokenlb.strategy'"), analysis.getDescription());
        assertTrue(analysis.getDescription().contains("'fastest'"), analysis.getDescription());
        assertTrue(analysis.getDescription().contains("round-robin"), "allowed values: " + analysis.getDescription());
        assertTrue(analysis.getAction().contains("tokenlb.strategy"), analysis.getAction());
    }

    @Test
    void malformedBackendFailsNamingTheSetting() {
        FailureAnalysis analysis = analysisOf("tokenlb.backends=http://127.0.0.1:1;weight=-3");
        assertTrue(analysis.getDescription().contains("'tokenlb.backends'"), analysis.getDescription());
    }

    @Test
    void outOfRangeNumbersFailNamingTheSetting() {
        assertTrue(analysisOf("tokenlb.max-attempts=0").getDescription().contains("'tokenlb.max-attempts'"));
        assertTrue(analysisOf("tokenlb.eject-ms=5000", "tokenlb.max-eject-ms=10").getDescription()
                .contains("'tokenlb.max-eject-ms'"));
        assertTrue(analysisOf("tokenlb.encoding=gpt5").getDescription().contains("'tokenlb.encoding'"));
        assertTrue(analysisOf("tokenlb.output-estimate=guess").getDescription()
                .contains("'tokenlb.output-estimate'"));
        assertTrue(analysisOf("tokenlb.session-key=cookie:sid").getDescription().contains("'tokenlb.session-key'"));
        assertTrue(analysisOf("tokenlb.model-aliases=gpt-4o").getDescription().contains("'tokenlb.model-aliases'"));
        assertTrue(analysisOf("tokenlb.ledger-ttl-ms=0").getDescription().contains("'tokenlb.ledger-ttl-ms'"));
    }

    /** The whole way, as a user sees it: SpringApplication finds the analyzer through spring.factories. */
    @Test
    void applicationFailsToStartWithTheSettingInTheReport(CapturedOutput output) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThrows(Exception.class, () -> app.run("--tokenlb.strategy=fastest", "--spring.main.banner-mode=off"));
        assertTrue(output.getAll().contains("APPLICATION FAILED TO START"), output.getAll());
        assertTrue(output.getAll().contains("The setting 'tokenlb.strategy' has the value 'fastest'"), output.getAll());
    }

    private FailureAnalysis analysisOf(String... settings) {
        Throwable[] failure = new Throwable[1];
        runner.withPropertyValues(settings).run(context -> failure[0] = context.getStartupFailure());
        assertNotNull(failure[0], "the context must fail to start with " + String.join(", ", settings));
        FailureAnalysis analysis = new InvalidTokenLbSettingFailureAnalyzer().analyze(failure[0]);
        assertNotNull(analysis, "no InvalidTokenLbSettingException in " + failure[0]);
        assertEquals(InvalidTokenLbSettingException.class, analysis.getCause().getClass());
        return analysis;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
