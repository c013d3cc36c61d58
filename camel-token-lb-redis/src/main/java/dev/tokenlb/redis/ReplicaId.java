package dev.tokenlb.redis;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A replica's id in the shared ledger: its host name and a random suffix, new at every start. */
final class ReplicaId {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplicaId() {
    }

    static String create() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "replica";
        }
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + HexFormat.of().formatHex(suffix);
    }
}
