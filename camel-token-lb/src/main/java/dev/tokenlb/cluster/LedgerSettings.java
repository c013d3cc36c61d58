package dev.tokenlb.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where and how replicas share their ledger. Immutable; the constructor checks every field and names the bean
 * property of a bad one.
 *
 * @param url          {@code redis://HOST:PORT} or {@code rediss://HOST:PORT} (TLS); null or blank: not shared
 * @param passwordEnv  name of the environment variable holding the store's password; null or blank: none
 * @param keyPrefix    prefix of every key, so several balancers can share one store
 * @param ttlMillis    a lease not renewed for this long leaves the shared ledger (a replica killed without a word)
 * @param timeoutMillis how long a request may wait for the store before going on with the local ledger alone
 * @param syncMillis   time between two renewals, which also refresh the view of the other replicas' load
 */
public record LedgerSettings(String url, String passwordEnv, String keyPrefix, long ttlMillis, long timeoutMillis,
                             long syncMillis) {

    public static final String DEFAULT_KEY_PREFIX = "tokenlb";
    public static final long DEFAULT_TTL_MILLIS = 10_000;
    public static final long DEFAULT_TIMEOUT_MILLIS = 50;
    public static final long DEFAULT_SYNC_MILLIS = 100;

    /** Not shared: the in-memory ledger alone. */
    public static final LedgerSettings LOCAL = new LedgerSettings(null, null, DEFAULT_KEY_PREFIX, DEFAULT_TTL_MILLIS,
            DEFAULT_TIMEOUT_MILLIS, DEFAULT_SYNC_MILLIS);

    public LedgerSettings {
        url = url == null || url.isBlank() ? null : url.trim();
        if (url != null) {
            checkUrl(url);
        }
        if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("ledgerKeyPrefix must be a non-empty word without spaces, was '"
                                               + keyPrefix + "'");
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("ledgerTimeoutMillis must be > 0, was " + timeoutMillis);
        }
        if (syncMillis <= 0) {
            throw new IllegalArgumentException("ledgerSyncMillis must be > 0, was " + syncMillis);
        }
        if (ttlMillis < 3 * syncMillis || ttlMillis < 3 * timeoutMillis) {
            throw new IllegalArgumentException("ledgerTtlMillis must be at least 3 times ledgerSyncMillis and "
                                               + "ledgerTimeoutMillis (a renewal may be late), was " + ttlMillis);
        }
    }

    private static void checkUrl(String url) {
        String allowed = "ledger must be redis://HOST:PORT or rediss://HOST:PORT (empty: in-memory), was '" + url + "'";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(allowed, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null || uri.getPort() <= 0
            || uri.getUserInfo() != null || (uri.getPath() != null && !uri.getPath().isEmpty())
            || uri.getQuery() != null) {
            throw new IllegalArgumentException(allowed + " (give the password in an environment variable: "
                                               + "ledgerPasswordEnv)");
        }
    }

    /** True when a URL is set. */
    public boolean shared() {
        return url != null;
    }

    /** The URL's scheme, lower case; null when not shared. */
    public String scheme() {
        return url == null ? null : URI.create(url).getScheme().toLowerCase(Locale.ROOT);
    }

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        return URI.create(url).getPort();
    }

    public boolean tls() {
        return "rediss".equals(scheme());
    }
}
