package dev.tokenlb.example.springboot;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Presents every {@code POST /v1/...} as JSON, whatever content type it came with. A client that posts JSON without
 * saying so ({@code curl -d}, which sends {@code application/x-www-form-urlencoded}) would otherwise have its body
 * parsed as form fields by Camel's servlet binding, which fails before the route runs (a 500 page, not an OpenAI
 * error). The body is read as it is: valid JSON is served, anything else gets the gateway's 400. Tomcat must not read
 * form bodies itself for this to work (see {@link TokenLbGatewayApplication}).
 * <p>
 * Stateless; thread-safe.
 */
public final class JsonBodyFilter extends HttpFilter {

    private static final String JSON = "application/json";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String type = request.getContentType();
        boolean json = type != null && type.toLowerCase(Locale.ROOT).startsWith(JSON);
        if (json || !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/v1/")) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return JSON;
            }

            @Override
            public String getHeader(String name) {
                return "content-type".equalsIgnoreCase(name) ? JSON : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return "content-type".equalsIgnoreCase(name)
                        ? Collections.enumeration(List.of(JSON)) : super.getHeaders(name);
            }
        }, response);
    }
}
