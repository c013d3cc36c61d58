package dev.tokenlb.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model ids as configured and as requested: trimmed, compared exactly (engines' ids are case-sensitive), and the
 * list and map syntaxes of the settings. Stateless, thread-safe.
 */
public final class ModelIds {

    private ModelIds() {
    }

    /** The id trimmed, or null when null or blank. */
    public static String normalise(String id) {
        if (id == null) {
            return null;
        }
        String trimmed = id.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /**
     * A backend's list such as {@code llama-3-70b|llama-3-70b-sql-lora} (ids separated by {@code |}).
     *
     * @throws IllegalArgumentException naming {@code where} when the list holds no id
     */
    public static List<String> parseList(String spec, String where) {
        List<String> out = new ArrayList<>();
        for (String part : spec.split("\\|")) {
            String id = normalise(part);
            if (id != null && !out.contains(id)) {
                out.add(id);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + " names no model: expected ids separated by |, such as "
                                               + "llama-3-70b|llama-3-70b-sql-lora, was '" + spec + "'");
        }
        return out;
    }

    /**
     * A map such as {@code gpt-4o=llama-3-70b,gpt-4o-mini=qwen-2.5-7b}; null or blank is empty.
     *
     * @param  setting                  the setting's name, for the message
     * @throws IllegalArgumentException naming the setting, for an entry without {@code =}, an empty side, a key given
     *                                  twice, or a model mapped to itself
     */
    public static Map<String, String> parseMap(String spec, String setting) {
        if (spec == null || spec.isBlank()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.split("=", 2);
            String from = normalise(kv[0]);
            String to = kv.length == 2 ? normalise(kv[1]) : null;
            if (from == null || to == null) {
                throw new IllegalArgumentException(setting + " must be comma-separated model=model pairs such as "
                                                   + "gpt-4o=llama-3-70b, was '" + spec + "'");
            }
            if (from.equals(to)) {
                throw new IllegalArgumentException(setting + " maps '" + from + "' to itself");
            }
            if (out.put(from, to) != null) {
                throw new IllegalArgumentException(setting + " gives '" + from + "' twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
