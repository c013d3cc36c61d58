package dev.tokenlb.example.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The gateway: the starter builds {@code tokenLb} and {@code tokenCounter} from {@code tokenlb.*}; the routes in
 * {@code camel/gateway.yaml} receive on platform-http (Spring Boot's servlet container), count, balance and relay
 * through the three steps bound here.
 *
 * <pre>
 * java -jar token-lb-spring-boot.jar --server.port=8080 --tokenlb.backends=http://gpu1:8000,http://gpu2:8000
 * </pre>
 */
@SpringBootApplication
public class TokenLbGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenLbGatewayApplication.class, args);
    }

    @Bean
    public PrepareServletRequest tokenLbPrepare() {
        return new PrepareServletRequest();
    }

    @Bean
    public ServletRelay tokenLbRelay() {
        return new ServletRelay();
    }

    @Bean
    public ServletErrorReply tokenLbErrors() {
        return new ServletErrorReply();
    }

    @Bean
    public JsonBodyFilter jsonBodyFilter() {
        return new JsonBodyFilter();
    }

    /** Tomcat reads no POST body as form fields: the routes read every body as JSON (see {@link JsonBodyFilter}). */
    @Bean
    public TomcatConnectorCustomizer noFormBodyParsing() {
        return connector -> connector.setParseBodyMethods("");
    }
}
