package dev.tokenlb.model;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {

    private static final String VLLM_LIST = "{\"object\":\"list\",\"data\":["
            + "{\"id\":\"llama-3-70b\",\"object\":\"model\",\"root\":\"/models/llama\",\"parent\":null},"
            + "{\"id\":\"sql-lora\",\"object\":\"model\",\"root\":\"/adapters/sql\",\"parent\":\"llama-3-70b\"}]}";

    @Test
    void readsAVllmListWithItsAdaptersAndTheirParent() {
        ServedModels m = ServedModels.parse(VLLM_LIST);
        assertEquals(List.of("llama-3-70b", "sql-lora"), List.copyOf(m.ids()));
        assertEquals("llama-3-70b", m.parentOf("sql-lora"));
        assertNull(m.parentOf("llama-3-70b"));
        assertTrue(m.serves("sql-lora"));
        assertFalse(m.serves("qwen"));
    }

    @Test
    void aBodyThatIsNotAModelListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServedModels.parse("<html>not found</html>"));
        assertThrows(IllegalArgumentException.class, () -> ServedModels.parse("{\"object\":\"list\"}"));
        assertThrows(IllegalArgumentException.class, () -> ServedModels.parse("[1,2]"));
    }

    @Test
    void anUnknownListServesEveryModel() {
        assertTrue(ServedModels.UNKNOWN.serves("anything"));
        assertFalse(ServedModels.UNKNOWN.known());
    }

    @Test
    void excludesBackendsNotServingTheModelAndCountsThoseThatDo() {
        ModelCatalog catalog = catalog(Map.of(), Map.of(), null,
                ServedModels.of(List.of("llama")), ServedModels.of(List.of("qwen")), ServedModels.UNKNOWN);
        BitSet out = new BitSet();
        assertEquals(2, catalog.exclude("llama", out));
        assertEquals("{1}", out.toString());
        out.clear();
        assertEquals(1, catalog.exclude("mistral", out), "the backend whose list is unknown may serve it");
        assertEquals("{0, 1}", out.toString());
    }

    @Test
    void whatIsKnownPerModelFollowsTheDiscoveredListsAsTheyChange() {
        BackendModels models = new BackendModels(List.of(ServedModels.UNKNOWN, ServedModels.UNKNOWN));
        ModelCatalog catalog = new ModelCatalog(models, null, Map.of(), Map.of());
        models.discovered(0, ServedModels.of(List.of("llama")));
        models.discovered(1, ServedModels.of(List.of("qwen")));
        BitSet out = new BitSet();
        assertEquals(0, catalog.exclude("phi", out));
        assertEquals("{0, 1}", out.toString());
        models.discovered(1, ServedModels.of(List.of("qwen", "phi")));
        out.clear();
        assertEquals(1, catalog.exclude("phi", out));
        assertEquals("{0}", out.toString());
        models.discovered(0, ServedModels.UNKNOWN);
        out.clear();
        assertEquals(2, catalog.exclude("phi", out));
        assertTrue(out.isEmpty());
    }

    @Test
    void resolvesAliasesAndTheDefaultModel() {
        ModelCatalog catalog = catalog(Map.of("gpt-4o", "llama"), Map.of(), "qwen", ServedModels.of(List.of("llama")));
        assertEquals("llama", catalog.resolve("gpt-4o"));
        assertEquals("llama", catalog.resolve(" llama "));
        assertEquals("qwen", catalog.resolve(null));
        assertEquals("qwen", catalog.resolve("  "));
        assertEquals("other", catalog.resolve("other"));
    }

    @Test
    void withoutADefaultARequestNamingNoModelMayGoAnywhere() {
        ModelCatalog catalog = catalog(Map.of(), Map.of(), null, ServedModels.of(List.of("a")),
                ServedModels.of(List.of("b")));
        assertNull(catalog.resolve(null));
        BitSet out = new BitSet();
        assertEquals(2, catalog.exclude(null, out));
        assertTrue(out.isEmpty());
    }

    @Test
    void listsEveryIdOnceWithAdaptersParentsThenAliasesOfListedModels() {
        ModelCatalog catalog = catalog(Map.of("gpt-4o", "llama-3-70b", "ghost", "nowhere"), Map.of(), null,
                ServedModels.parse(VLLM_LIST), ServedModels.of(List.of("llama-3-70b", "qwen")), ServedModels.UNKNOWN);
        Map<String, String> listed = catalog.listed();
        assertEquals(List.of("llama-3-70b", "sql-lora", "qwen", "gpt-4o"), List.copyOf(listed.keySet()));
        assertEquals("llama-3-70b", listed.get("sql-lora"));
    }

    @Test
    void configuredListsWinOverDiscoveredOnes() {
        BackendModels models = new BackendModels(List.of(ServedModels.of(List.of("a")), ServedModels.UNKNOWN));
        models.discovered(0, ServedModels.of(List.of("b")));
        models.discovered(1, ServedModels.of(List.of("c")));
        assertEquals("a", models.of(0).toString());
        assertEquals("c", models.of(1).toString());
    }

    @Test
    void mapSettingsNameTheSettingWhenMalformed() {
        assertEquals(Map.of("gpt-4o", "llama", "mini", "qwen"),
                ModelIds.parseMap(" gpt-4o = llama , mini=qwen ", "tokenlb.model-aliases"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelIds.parseMap("gpt-4o", "tokenlb.model-aliases"));
        assertTrue(e.getMessage().startsWith("tokenlb.model-aliases"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelIds.parseMap("a=a", "x"));
        assertThrows(IllegalArgumentException.class, () -> ModelIds.parseMap("a=b,a=c", "x"));
        assertThrows(IllegalArgumentException.class, () -> ModelIds.parseMap("=b", "x"));
        assertThrows(IllegalArgumentException.class, () -> ModelIds.parseList(" | ", "models of gpu1"));
    }

    @Test
    void anAliasOfAnAliasIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelSettings(
                List.of(ServedModels.UNKNOWN), null, Map.of("a", "b", "b", "c"), Map.of(), null, 0, 1000));
        assertTrue(e.getMessage().contains("itself an alias"), e.getMessage());
    }

    @Test
    void rewritesTheModelOfABodyKeepingItsType() {
        Object bytes = RequestModel.rewrite("{\"model\":\"gpt-4o\",\"max_tokens\":5}".getBytes(), "llama");
        String text = new String((byte[]) bytes);
        assertTrue(text.contains("\"model\":\"llama\"") && text.contains("\"max_tokens\":5"), text);
        assertEquals("{\"model\":\"q\"}", RequestModel.rewrite("{}", "q"));
        assertNull(RequestModel.rewrite("not json", "q"));
    }

    private static ModelCatalog catalog(Map<String, String> aliases, Map<String, String> fallbacks,
                                        String defaultModel, ServedModels... backends) {
        return new ModelCatalog(new BackendModels(List.of(backends)), defaultModel, aliases, fallbacks);
    }
}
