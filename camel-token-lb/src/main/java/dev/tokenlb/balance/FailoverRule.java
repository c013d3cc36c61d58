package dev.tokenlb.balance;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides whether a failed attempt may be retried on another target: when its exception (or a cause) is one of the
 * configured types, by class name, matching subclasses too; or when the target answered with one of the configured
 * statuses. The default exceptions are failures that happen before the backend saw the request (refused,
 * unreachable, connect timeout), and the default statuses (429, 503) are a backend refusing the work, so a retry
 * cannot run a request twice.
 * <p>
 * Immutable and thread-safe.
 */
final class FailoverRule {

    static final String DEFAULT_EXCEPTIONS = String.join(",",
            "java.net.ConnectException",
            "java.net.NoRouteToHostException",
            "java.net.UnknownHostException",
            "org.apache.hc.client5.http.ConnectTimeoutException",
            "java.net.http.HttpConnectTimeoutException");

    static final String DEFAULT_STATUSES = "429,503";

    private final Set<String> classNames;
    private final Set<Integer> statuses;

    FailoverRule(String commaSeparatedClassNames, String commaSeparatedStatuses) {
        this.classNames = Set.of(split(commaSeparatedClassNames));
        Set<Integer> codes = new HashSet<>();
        for (String s : split(commaSeparatedStatuses)) {
            int code;
            try {
                code = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("failoverStatuses must be HTTP status codes such as 429,503; '" + s
                                                   + "' is not a number");
            }
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("failoverStatuses: " + code + " is not an HTTP status (100-599)");
            }
            codes.add(code);
        }
        this.statuses = Set.copyOf(codes);
    }

    private static String[] split(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? new String[0]
                : commaSeparated.trim().split("\\s*,\\s*");
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

    boolean allowsRetry(int status) {
        return statuses.contains(status);
    }
}
