package dev.tokenlb.balance;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tokenlb.ledger.Target;
import dev.tokenlb.model.ModelIds;
import dev.tokenlb.model.ServedModels;

/**
 * Parses a backend list such as {@code http://gpu1:8000;weight=2, http://gpu2:8000;name=small}: comma-separated base
 * URLs, each with optional {@code ;weight=N} (default 1), {@code ;name=X} (default {@code backend-1},
 * {@code backend-2}, ...) and {@code ;key-env=VAR} (send the API key in environment variable VAR to this backend, in
 * place of the client's {@code Authorization}). Names are shown to clients; URLs and keys never are.
 */
public final class Backends {

    private Backends() {
    }

    public static List<Target> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no backends: expected comma-separated base URLs such as "
                                               + "http://127.0.0.1:8000;weight=2,http://127.0.0.1:8001");
        }
        List<Target> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(";");
            String url = stripTrailingSlash(parts[0].trim());
            checkUrl(url);
            double weight = 1;
            String name = "backend-" + (out.size() + 1);
            String keyEnv = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                String value = kv.length == 2 ? kv[1].trim() : "";
                switch (key) {
                    case "weight" -> weight = parseWeight(url, value);
                    case "name" -> name = value;
                    case "key-env" -> keyEnv = requireEnvName(url, value);
                    case "models" -> ModelIds.parseList(value, "models of " + url);
                    default -> throw new IllegalArgumentException("unknown backend option '" + key + "' on " + url
                                                                  + ": allowed are weight, name, key-env and models");
                }
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("backend name '" + name + "' is used twice");
            }
            out.add(new Target(name, url, weight, keyEnv));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no backends in '" + spec + "'");
        }
        return out;
    }

    /**
     * The {@code ;models=} of each backend of a list that {@link #parse} accepts, in order;
     * {@link ServedModels#UNKNOWN} where a backend has none.
     */
    public static List<ServedModels> parseModels(String spec) {
        List<ServedModels> out = new ArrayList<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            ServedModels models = ServedModels.UNKNOWN;
            String[] parts = entry.trim().split(";");
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv[0].trim().equalsIgnoreCase("models")) {
                    models = ServedModels.of(ModelIds.parseList(kv.length == 2 ? kv[1] : "", "models of " + parts[0]));
                }
            }
            out.add(models);
        }
        return out;
    }

    /** Parses comma-separated weights such as {@code 2,1,1}; every weight must be a number > 0. */
    public static double[] parseWeights(String spec, int expected) {
        String[] parts = spec.split(",");
        if (parts.length != expected) {
            throw new IllegalArgumentException("weights '" + spec + "' has " + parts.length + " values but there are "
                                               + expected + " outputs");
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            out[i] = parseWeight("output " + i, parts[i].trim());
        }
        return out;
    }

    private static double parseWeight(String where, String value) {
        try {
            double w = Double.parseDouble(value);
            if (w > 0 && !Double.isInfinite(w)) {
                return w;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("weight of " + where + " must be a number > 0, was '" + value + "'");
    }

    private static String requireEnvName(String url, String value) {
        if (!value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("key-env of " + url + " must be an environment variable name such as "
                                               + "GPU1_API_KEY, was '" + value + "'");
        }
        return value;
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("backend '" + url + "' must be an http:// or https:// base URL");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("backend '" + url + "' must not have a query or fragment");
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
