package dev.tokenlb.tenant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a tenants file:
 * <pre>
 * tenants:
 *   - name: batch-team
 *     key: k-batch-1          # or key-env: VAR_WITH_THE_KEY
 *     tokens-per-minute: 720000
 *     requests-per-minute: 600
 *     daily-tokens: 0         # 0: no daily budget
 *     priority: batch         # interactive (the default) or batch
 * </pre>
 * Every mistake (bad YAML, an unknown field, a negative or non-numeric limit, a missing key, a key-env variable that is
 * not set, a duplicate name or key) is reported with its line. Uses snakeyaml-engine, the YAML library camel-yaml-dsl
 * already brings, composing nodes so that each value keeps its position.
 * <p>
 * Stateless and thread-safe.
 */
public final class TenantsFile {

    private static final Set<String> FIELDS = Set.of("name", "key", "key-env", "tokens-per-minute",
            "requests-per-minute", "daily-tokens", "priority");

    private TenantsFile() {
    }

    /**
     * @param source what to call the file in messages
     * @param env    looks up {@code key-env} variables ({@code System::getenv})
     * @throws IllegalArgumentException naming the source, the line and what is wrong
     */
    public static List<Tenant> parse(String yaml, String source, UnaryOperator<String> env) {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(source).build()).composeString(yaml).orElse(null);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (root == null) {
            return List.of();
        }
        Node list = field(root, "tenants", source);
        if (list == null) {
            return List.of();
        }
        if (!(list instanceof SequenceNode seq)) {
            throw error(source, list, "'tenants' must be a list");
        }
        List<Tenant> tenants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Node entry : seq.getValue()) {
            Tenant t = tenant(entry, source, env);
            if (!names.add(t.name())) {
                throw error(source, entry, "tenant name '" + t.name() + "' appears twice");
            }
            if (!keys.add(t.key())) {
                throw error(source, entry, "tenant '" + t.name() + "' has the same key as another tenant");
            }
            tenants.add(t);
        }
        return List.copyOf(tenants);
    }

    private static Tenant tenant(Node entry, String source, UnaryOperator<String> env) {
        if (!(entry instanceof MappingNode map)) {
            throw error(source, entry, "each tenant must be a mapping with name, key and limits");
        }
        Map<String, ScalarNode> values = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            String field = scalar(t.getKeyNode(), source);
            if (!FIELDS.contains(field)) {
                throw error(source, t.getKeyNode(), "unknown field '" + field + "'; allowed: " + String.join(", ",
                        new TreeSet<>(FIELDS)));
            }
            if (!(t.getValueNode() instanceof ScalarNode value)) {
                throw error(source, t.getValueNode(), "'" + field + "' must be a single value");
            }
            values.put(field, value);
        }
        String name = text(values.get("name"));
        if (name.isBlank()) {
            throw error(source, entry, "a tenant needs a name");
        }
        String key = text(values.get("key"));
        ScalarNode keyEnv = values.get("key-env");
        if (keyEnv != null) {
            if (!key.isEmpty()) {
                throw error(source, keyEnv, "tenant '" + name + "': give key or key-env, not both");
            }
            String fromEnv = env.apply(keyEnv.getValue().trim());
            if (fromEnv == null || fromEnv.isBlank()) {
                throw error(source, keyEnv, "tenant '" + name + "': environment variable " + keyEnv.getValue().trim()
                                            + " is not set");
            }
            key = fromEnv.trim();
        }
        if (key.isEmpty()) {
            throw error(source, entry, "tenant '" + name + "' needs a key or key-env");
        }
        return new Tenant(name, key, limit(values, "tokens-per-minute", source), limit(values, "requests-per-minute",
                source), limit(values, "daily-tokens", source), priority(values.get("priority"), name, source));
    }

    private static Tenant.Priority priority(ScalarNode node, String tenant, String source) {
        String v = text(node).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "interactive" -> Tenant.Priority.INTERACTIVE;
            case "batch" -> Tenant.Priority.BATCH;
            default -> throw error(source, node, "tenant '" + tenant + "': priority must be interactive or batch, was '"
                                                 + node.getValue() + "'");
        };
    }

    private static long limit(Map<String, ScalarNode> values, String field, String source) {
        ScalarNode node = values.get(field);
        if (node == null || node.getValue().isBlank()) {
            return 0;
        }
        try {
            long v = Long.parseLong(node.getValue().trim().replace("_", ""));
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(source, node, "'" + field + "' must be a whole number >= 0 (0: no limit), was '" + node.getValue()
                                  + "'");
    }

    private static Node field(Node root, String name, String source) {
        if (!(root instanceof MappingNode map)) {
            throw error(source, root, "the file must be a mapping with a 'tenants' list");
        }
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), source);
            if (key.equals(name)) {
                return t.getValueNode();
            }
            throw error(source, t.getKeyNode(), "unknown top-level field '" + key + "'; expected 'tenants'");
        }
        return null;
    }

    private static String scalar(Node node, String source) {
        if (node instanceof ScalarNode s) {
            return s.getValue().trim();
        }
        throw error(source, node, "expected a plain name");
    }

    private static String text(ScalarNode node) {
        return node == null ? "" : node.getValue().trim();
    }

    private static IllegalArgumentException error(String source, Node node, String what) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        return new IllegalArgumentException(source + " line " + line + ": " + what);
    }
}
