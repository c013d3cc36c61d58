package dev.tokenlb.model;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which backends a request's model may go to. A requested id is first resolved: no id gives the default model (or
 * any backend when there is none), an alias gives its model. A backend may take the model when it lists it or its
 * list is unknown. When none may, or every one that may is out (ejected, full), the model's fallback, if configured,
 * serves the request instead.
 * <p>
 * Thread-safe: the settings are fixed, the backends' lists are read as they are at each call.
 *
 * <pre>
 * String model = catalog.resolve(requested);          // alias, default
 * BitSet out = new BitSet();
 * if (catalog.exclude(model, out) == 0) { ... fallback or 404 ... }
 * </pre>
 */
public final class ModelCatalog {

    private final BackendModels models;
    private final String defaultModel;
    private final Map<String, String> aliases;
    private final Map<String, String> fallbacks;
    /** Per model, the backends not serving it, as of a version of the lists; rebuilt when they change. */
    private volatile Derived derived = new Derived(-1);

    /** Past this many models (clients may name anything), a model's backends are worked out each time. */
    static final int MAX_CACHED_MODELS = 1024;

    private record Serving(BitSet notServing, int count) {
    }

    private record Derived(long version, Map<String, Serving> byModel) {
        Derived(long version) {
            this(version, new ConcurrentHashMap<>());
        }
    }

    /**
     * @param defaultModel the model of a request that names none; null: any backend
     * @param aliases      requested id to served model
     * @param fallbacks    model to the model serving its requests when it cannot
     */
    public ModelCatalog(BackendModels models, String defaultModel, Map<String, String> aliases,
                        Map<String, String> fallbacks) {
        this.models = models;
        this.defaultModel = ModelIds.normalise(defaultModel);
        this.aliases = Map.copyOf(aliases);
        this.fallbacks = Map.copyOf(fallbacks);
    }

    /** No default, no alias, no fallback; every backend's list unknown. */
    public static ModelCatalog open(int backends) {
        return new ModelCatalog(new BackendModels(java.util.Collections.nCopies(backends, ServedModels.UNKNOWN)), null,
                Map.of(), Map.of());
    }

    public BackendModels backends() {
        return models;
    }

    /** The model to serve a request for {@code requested}: its alias's target, or the default; null: any model. */
    public String resolve(String requested) {
        String id = ModelIds.normalise(requested);
        if (id == null) {
            return defaultModel;
        }
        return aliases.getOrDefault(id, id);
    }

    /**
     * Marks in {@code excluded} every backend that does not serve the model (a null model: none).
     *
     * @return how many backends serve it
     */
    public int exclude(String model, BitSet excluded) {
        if (model == null) {
            return models.size();
        }
        long version = models.version();
        Derived d = derived;
        if (d.version() != version) {
            d = new Derived(version);
            derived = d;
        }
        Serving s = d.byModel().get(model);
        if (s == null) {
            // worked out from the lists as they are now; if they change meanwhile, the version moved on too
            BitSet out = new BitSet();
            s = new Serving(out, compute(model, out));
            if (d.byModel().size() < MAX_CACHED_MODELS) {
                d.byModel().put(model, s);
            }
        }
        excluded.or(s.notServing());
        return s.count();
    }

    private int compute(String model, BitSet excluded) {
        int serving = 0;
        for (int i = 0; i < models.size(); i++) {
            if (model == null || models.of(i).serves(model)) {
                serving++;
            } else {
                excluded.set(i);
            }
        }
        return serving;
    }

    /** True when some backend serves the model (a null model: any backend). */
    public boolean served(String model) {
        for (int i = 0; i < models.size(); i++) {
            if (model == null || models.of(i).serves(model)) {
                return true;
            }
        }
        return false;
    }

    /** The configured fallback of the model, or null. */
    public String fallbackOf(String model) {
        return model == null ? null : fallbacks.get(model);
    }

    public String defaultModel() {
        return defaultModel;
    }

    public Map<String, String> aliases() {
        return aliases;
    }

    public Map<String, String> fallbacks() {
        return fallbacks;
    }

    /**
     * Every id a client may ask for, each once: the backends' known lists in backend order (an adapter with its
     * parent, null for a base model), then the aliases whose target is listed. Empty when no backend's list is known.
     */
    public Map<String, String> listed() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ServedModels m = models.of(i);
            for (String id : m.ids()) {
                String parent = m.parentOf(id);
                if (parent != null || !out.containsKey(id)) {
                    out.put(id, parent);
                }
            }
        }
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (out.containsKey(alias.getValue()) && !out.containsKey(alias.getKey())) {
                out.put(alias.getKey(), null);
            }
        }
        return out;
    }
}
