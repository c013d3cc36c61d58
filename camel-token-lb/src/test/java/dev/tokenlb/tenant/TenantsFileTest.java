package dev.tokenlb.tenant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantsFileTest {

    private static final Map<String, String> ENV = Map.of("BATCH_KEY", "k-from-env");

    private static List<Tenant> parse(String yaml) {
        return TenantsFile.parse(yaml, "tokenlb.tenants", ENV::get);
    }

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsTheIssuesFormat() {
        List<Tenant> t = parse("""
                tenants:
                  - name: batch-team
                    key-env: BATCH_KEY
                    tokens-per-minute: 720000
                    requests-per-minute: 600
                    daily-tokens: 0         # 0: no daily budget
                    priority: batch
                  - name: chat
                    key: k-chat
                    requests-per-minute: 60
                """);
        assertEquals(new Tenant("batch-team", "k-from-env", 720000, 600, 0, Tenant.Priority.BATCH), t.get(0));
        assertEquals(new Tenant("chat", "k-chat", 0, 60, 0, Tenant.Priority.INTERACTIVE), t.get(1));
    }

    @Test
    void mistakesNameTheSettingAndTheLine() {
        assertTrue(error("tenants:\n  - name: a\n    key: k\n    requests-per-minute: -5\n")
                .startsWith("tokenlb.tenants line 4: 'requests-per-minute' must be a whole number >= 0"));
        assertTrue(error("tenants:\n  - name: a\n    key: k\n    tpm: 5\n").startsWith("tokenlb.tenants line 4: "
                                                                                    + "unknown field 'tpm'"));
        assertTrue(error("tenants:\n  - name: a\n    key: k\n  - name: a\n    key: j\n")
                .contains("line 4: tenant name 'a' appears twice"));
        assertTrue(error("tenants:\n  - name: a\n    key: k\n  - name: b\n    key: k\n")
                .contains("line 4: tenant 'b' has the same key"));
        assertTrue(error("tenants:\n  - name: a\n    key-env: NOT_SET\n").contains("line 3: tenant 'a': environment "
                                                                              + "variable NOT_SET is not set"));
        assertTrue(error("tenants:\n  - name: a\n    key: k\n    priority: urgent\n").contains("line 4:"));
        assertTrue(error("tenants:\n  - name: a\n").contains("line 2: tenant 'a' needs a key"));
        String yaml = error("tenants:\n  - name: [a\n");
        assertTrue(yaml.startsWith("tokenlb.tenants: not valid YAML") && yaml.contains("line 3"), yaml);
    }

    @Test
    void aChangedFileIsReloadedAndABadOneKeepsThePreviousTenants(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tenants.yaml");
        Files.writeString(file, "tenants:\n  - name: a\n    key: ka\n    requests-per-minute: 1\n");
        MutableClock clock = new MutableClock(0);
        Tenants tenants = Tenants.load(file, "tokenlb.tenants", clock, ENV::get);
        TenantLimiter a = tenants.find("ka");
        a.acquire(0);
        assertFalse(tenants.reloadIfChanged(), "unchanged");

        Files.writeString(file, "tenants:\n  - name: a\n    key: ka\n    requests-per-minute: 3\n  - name: b\n"
                                + "    key: kb\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertTrue(tenants.reloadIfChanged());
        assertEquals(a, tenants.find("ka"), "the same limiter, with what it used");
        a.acquire(0);
        a.acquire(0);
        assertThrows(dev.tokenlb.RateLimitExceededException.class, () -> a.acquire(0));
        assertNotNull(tenants.find("kb"));

        Files.writeString(file, "tenants:\n  - name: a\n    key: ka\n    requests-per-minute: lots\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 4000));
        assertFalse(tenants.reloadIfChanged());
        assertNotNull(tenants.find("kb"), "a bad file keeps the tenants read before");
        assertEquals(3, tenants.find("ka").tenant().requestsPerMinute());
        assertNull(tenants.find("nobody"));
    }
}
