package dev.tokenlb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named contenders. Adding one (a new estimator, an ablation step) is one line in {@link #builtIn()}, or, without
 * recompiling, {@code --contender NAME:key=value,key=value} on the command line. {@code round-robin} is the baseline
 * every ratio is taken against. Stateless.
 */
final class Contenders {

    /** The contender every ratio is relative to. */
    static final String BASELINE = "round-robin";

    private Contenders() {
    }

    /** Every built-in contender, in report order. */
    static List<Contender> builtIn() {
        List<Contender> all = new ArrayList<>();
        all.add(gateway("latency", "strategy=latency"));
        all.add(gateway("tokens", "strategy=tokens"));
        all.add(gateway("round-robin", "strategy=round-robin"));
        all.add(gateway("random", "strategy=random"));
        all.add(gateway("least-requests", "strategy=least-requests"));
        all.add(new Contender.Gateway("oracle", Contender.settings("strategy=tokens"), true));
        all.add(new Contender.Direct("direct-round-robin", DirectRouter.Policy.ROUND_ROBIN));
        all.add(new Contender.Direct("direct-least-requests", DirectRouter.Policy.LEAST_REQUESTS));
        return all;
    }

    /** The seed's rule: least prompt tokens in flight, nothing learned, no output estimate, no decay. */
    static final String PROMPT_TOKENS = "prompt-tokens";
    static final String NGINX = "nginx-least-conn";

    /** Contenders known by name but not in the default run: the seed's rule and the delay strategy. */
    static List<Contender> extras() {
        return List.of(gateway(PROMPT_TOKENS, "strategy=tokens,output-estimate=none,learn-speed=false,decay=false"),
                gateway("delay", "strategy=delay"));
    }

    /** The contenders of every scenario, in report order (nginx is added by the scenario that uses it). */
    static List<Contender> scenarioSet() {
        Map<String, Contender> known = known();
        List<Contender> chosen = new ArrayList<>();
        for (String name : List.of("round-robin", "least-requests", PROMPT_TOKENS, "delay", "tokens", "latency", "oracle")) {
            chosen.add(known.get(name));
        }
        return chosen;
    }

    private static Map<String, Contender> known() {
        Map<String, Contender> known = new LinkedHashMap<>();
        for (Contender c : builtIn()) {
            known.put(c.name(), c);
        }
        for (Contender c : extras()) {
            known.put(c.name(), c);
        }
        return known;
    }

    /** The quick mode's contenders: all of them, since the run points are what quick mode shortens. */
    static List<Contender> quick() {
        return builtIn();
    }

    /**
     * Resolves the chosen contenders: the built-in ones plus those defined on the command line, filtered by name.
     *
     * @param  names   the names to run, in order; empty = every contender
     * @param  defined {@code NAME:key=value,...} definitions from the command line
     * @throws IllegalArgumentException naming the known contenders, for an unknown name
     */
    static List<Contender> select(List<String> names, List<String> defined, List<Contender> defaults) {
        Map<String, Contender> known = known();
        List<Contender> extra = new ArrayList<>();
        for (String definition : defined) {
            Contender c = parse(definition);
            known.put(c.name(), c);
            extra.add(c);
        }
        if (names.isEmpty()) {
            List<Contender> chosen = new ArrayList<>(defaults);
            chosen.removeIf(c -> extra.stream().anyMatch(e -> e.name().equals(c.name())));
            chosen.addAll(extra);
            return chosen;
        }
        List<Contender> chosen = new ArrayList<>();
        for (String name : names) {
            Contender c = known.get(name);
            if (c == null) {
                throw new IllegalArgumentException("unknown contender '" + name + "'; known: "
                        + String.join(", ", known.keySet()) + " (define more with --contender NAME:key=value,...)");
            }
            chosen.add(c);
        }
        return chosen;
    }

    /** {@code NAME:key=value,...}; keys may leave out {@code tokenlb.}; {@code oracle=true} adds the oracle. */
    static Contender parse(String definition) {
        int colon = definition.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a contender is NAME:key=value,...; was '" + definition + "'");
        }
        Map<String, String> settings = new LinkedHashMap<>(Contender.settings(definition.substring(colon + 1)));
        boolean oracle = Boolean.parseBoolean(settings.remove("tokenlb.oracle"));
        return new Contender.Gateway(definition.substring(0, colon).trim(), settings, oracle);
    }

    private static Contender gateway(String name, String settings) {
        return new Contender.Gateway(name, Contender.settings(settings), false);
    }
}
