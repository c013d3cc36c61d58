package dev.tokenlb.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * The models one backend serves: ids in the backend's order, each with its {@code parent} when it is a LoRA adapter
 * on a base model (vLLM lists adapters so), or {@link #UNKNOWN}: nothing is known of the backend, which then serves
 * every model (the behaviour without model routing). Immutable, thread-safe.
 */
public final class ServedModels {

    /** Nothing known: the backend is sent every model. */
    public static final ServedModels UNKNOWN = new ServedModels(null);

    /** Id to parent (null for a base model); null for {@link #UNKNOWN}. */
    private final Map<String, String> parents;

    private ServedModels(Map<String, String> parents) {
        this.parents = parents;
    }

    /** Base models, as configured in a backend list. */
    public static ServedModels of(List<String> ids) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String id : ids) {
            String n = ModelIds.normalise(id);
            if (n != null) {
                m.put(n, null);
            }
        }
        return new ServedModels(Collections.unmodifiableMap(m));
    }

    /**
     * Reads an OpenAI-style list, {@code {"object":"list","data":[{"id":"m","parent":null},...]}}.
     *
     * @throws IllegalArgumentException when the text is not such a list (entries without a string id are skipped)
     */
    public static ServedModels parse(String json) {
        Object root;
        try {
            root = Jsoner.deserialize(json);
        } catch (DeserializationException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (!(root instanceof JsonObject object) || !(object.get("data") instanceof Collection<?> data)) {
            throw new IllegalArgumentException("not a model list: no \"data\" array");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Object entry : data) {
            if (entry instanceof JsonObject model && model.get("id") instanceof String id
                    && ModelIds.normalise(id) != null) {
                Object parent = model.get("parent");
                m.put(ModelIds.normalise(id), parent instanceof String p ? ModelIds.normalise(p) : null);
            }
        }
        return new ServedModels(Collections.unmodifiableMap(m));
    }

    /** False for {@link #UNKNOWN}. */
    public boolean known() {
        return parents != null;
    }

    /** True when the backend lists the model, or its list is unknown. */
    public boolean serves(String model) {
        return parents == null || parents.containsKey(model);
    }

    /** The ids listed, in the backend's order; empty when unknown. */
    public Set<String> ids() {
        return parents == null ? Set.of() : parents.keySet();
    }

    /** The base model of a LoRA adapter, or null (a base model, or not listed). */
    public String parentOf(String model) {
        return parents == null ? null : parents.get(model);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServedModels other && java.util.Objects.equals(parents, other.parents);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(parents);
    }

    @Override
    public String toString() {
        return parents == null ? "unknown" : String.join("|", parents.keySet());
    }
}
