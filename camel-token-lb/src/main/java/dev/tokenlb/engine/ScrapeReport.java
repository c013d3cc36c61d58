package dev.tokenlb.engine;

/**
 * The outcome of one finished scrape, handed to the scraper's listener (to count scrapes, time them, export them).
 * Immutable.
 *
 * @param backend       the backend's index
 * @param state         the backend's state after this scrape
 * @param sample        what was read, when {@code state} is {@link ScrapeState#OK}; else null
 * @param problem       why it was not OK (such as {@code "HTTP 404"}, {@code "timed out after 500 ms"}); null when OK
 * @param durationNanos from sending the request to the end of parsing
 * @param bytes         body bytes read
 * @param garbageLines  lines of the body that were skipped as malformed
 * @param truncated     the body was larger than the bound and only its beginning was read
 */
public record ScrapeReport(int backend, ScrapeState state, EngineSample sample, String problem, long durationNanos,
                           int bytes, int garbageLines, boolean truncated) {
}
