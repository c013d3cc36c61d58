package dev.tokenlb.gateway.http;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * The methods a router serves on a path, for the {@code Allow} header of a 405 reply (RFC 9110 requires it). Read
 * from the routes platform-http registered ({@code httpMethodRestrict}), so it follows the routes as they are.
 */
final class AllowedMethods {

    private static final Pattern PARAMETER = Pattern.compile(":[^/]+|\\{[^/}]+}");

    private AllowedMethods() {
    }

    /** Comma-separated methods of the routes whose path is {@code path}, sorted; empty when none restricts methods. */
    static String of(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String p = route.getPath();
            Set<HttpMethod> restricted = route.methods();
            if (p == null || restricted == null || restricted.isEmpty() || !matches(p, path)) {
                continue;
            }
            restricted.forEach(m -> methods.add(m.name()));
        }
        return String.join(", ", methods);
    }

    /** Whether a request path fits a route path, whose {@code :name} or {@code {name}} parameters match a segment. */
    private static boolean matches(String routePath, String path) {
        if (routePath.equals(path)) {
            return true;
        }
        Matcher m = PARAMETER.matcher(routePath);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(routePath.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        if (last == 0) {
            return false;
        }
        regex.append(Pattern.quote(routePath.substring(last)));
        return path.matches(regex.toString());
    }
}
