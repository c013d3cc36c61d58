package dev.tokenlb.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The gateway's API keys ({@code tokenlb.api-keys}) and the check of an {@code Authorization} header. Immutable. */
public final class ApiKeys {

    private final byte[][] keys;

    public ApiKeys(List<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** Whether keys are configured at all (none: no check). */
    public boolean any() {
        return keys.length > 0;
    }

    /**
     * Whether the header is {@code Bearer <key>} with a configured key. Compares in constant time, so the time taken
     * tells nothing about a key.
     */
    boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] key : keys) {
            ok |= MessageDigest.isEqual(key, given);
        }
        return ok;
    }
}
