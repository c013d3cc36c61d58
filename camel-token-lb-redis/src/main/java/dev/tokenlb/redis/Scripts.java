package dev.tokenlb.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The ledger's Lua scripts, each with the common head ({@code common.lua}) prepended. Immutable. */
enum Scripts {
    RESERVE("reserve.lua"), RELEASE("release.lua"), RENEW("renew.lua"), REPUBLISH("republish.lua"),
    LEAVE("leave.lua");

    private final String source;

    Scripts(String file) {
        this.source = read("common.lua") + "\n" + read(file);
    }

    String source() {
        return source;
    }

    private static String read(String file) {
        try (InputStream in = Scripts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
