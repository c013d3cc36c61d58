package dev.tokenlb.gateway;

import java.util.Locale;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Vert.x handlers that run before the Camel routes on {@code /v1/*}, on the event loop:
 * <ul>
 * <li>a body declared ({@code Content-Length}) larger than the limit gets 413 with an OpenAI-style JSON error before
 * a byte of it is buffered; a chunked body that grows past the limit is cut by the body handler's limit, whose 413
 * gets the same JSON;</li>
 * <li>a POST without a JSON content type (as {@code curl -d} sends, {@code application/x-www-form-urlencoded}) is
 * read as JSON: otherwise platform-http would parse it as a form and hand the route an empty body.</li>
 * </ul>
 * Thread-safe (stateless but for the limit).
 */
final class HttpGuard implements Handler<RoutingContext> {

    private final long maxBodyBytes;

    private HttpGuard(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Installs the guard in front of every route of the router, and JSON bodies for 413 failures. */
    static void install(Router router, long maxBodyBytes) {
        HttpGuard guard = new HttpGuard(maxBodyBytes);
        router.route("/v1/*").order(-1000).handler(guard);
        router.errorHandler(413, ctx -> guard.tooLarge(ctx));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodyBytes) {
            tooLarge(ctx);
            return;
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || isForm(type)) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        ctx.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x rejects a malformed length itself
        }
    }

    private static boolean isForm(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/form-data");
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                // the body may still be arriving: close rather than read it
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(OpenAiError.tooLarge(maxBodyBytes).toJson());
    }
}
