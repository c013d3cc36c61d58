package dev.tokenlb.engine;

/** Where the scraping of one backend stands, as of its last finished scrape. */
public enum ScrapeState {
    /** Not an HTTP backend (no base URL): never scraped. */
    DISABLED,
    /** No scrape has finished yet. */
    UNKNOWN,
    /** The last scrape gave a sample. */
    OK,
    /**
     * The backend has no engine metrics: {@code /metrics} answered 404 (405, 410, 501), or Prometheus text with none of
     * the known names. It is asked again only rarely, so it costs next to nothing and is balanced exactly as before.
     */
    NO_METRICS,
    /** The last scrape failed: timeout, refused connection, another error status, or a body not in Prometheus text. */
    FAILING
}
