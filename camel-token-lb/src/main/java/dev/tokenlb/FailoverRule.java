package dev.tokenlb;

import java.util.Set;

/**
 * Decides whether a failed attempt may be retried on another target: only when its exception (or a cause) is one of
 * the configured types, by class name, matching subclasses too. The defaults are failures that happen before the
 * backend saw the request (refused, unreachable, connect timeout), so a retry cannot run a request twice.
 */
final class FailoverRule {

    static final String DEFAULT_EXCEPTIONS = String.join(",",
            "java.net.ConnectException",
            "java.net.NoRouteToHostException",
            "java.net.UnknownHostException",
            "org.apache.hc.client5.http.ConnectTimeoutException",
            "java.net.http.HttpConnectTimeoutException");

    private final Set<String> classNames;

    FailoverRule(String commaSeparatedClassNames) {
        this.classNames = Set.of(commaSeparatedClassNames.trim().isEmpty()
                ? new String[0] : commaSeparatedClassNames.trim().split("\\s*,\\s*"));
    }

    boolean allowsRetry(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (classNames.contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
