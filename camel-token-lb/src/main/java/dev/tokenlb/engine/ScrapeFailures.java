package dev.tokenlb.engine;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Short reasons for failed scrapes, as they appear in the warning and in {@link ScrapeReport#problem()}. */
final class ScrapeFailures {

    private ScrapeFailures() {
    }

    static String describe(Throwable failure, long timeoutMillis) {
        Throwable t = unwrap(failure);
        if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
            return "timed out after " + timeoutMillis + " ms";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        String message = t.getMessage();
        return (t instanceof IOException ? "I/O error " : "") + t.getClass().getSimpleName()
               + (message == null ? "" : ": " + message);
    }

    /** The cause a future's wrapping hides. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
