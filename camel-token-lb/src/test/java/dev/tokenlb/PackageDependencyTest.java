package dev.tokenlb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports run one way: wiring (root, {@code camel}) -> policy ({@code balance}) -> parts. Read from the sources, so a
 * new import against the grain fails the build with the file and the import named.
 */
class PackageDependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/tokenlb");

    /** Per package, the project packages (or classes) it may import; a package always may import itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("count", Set.of()),
            Map.entry("ledger", Set.of("pick.PickPolicy", "pick.PickRequest")),
            Map.entry("pick", Set.of("ledger")),
            Map.entry("cost", Set.of("count")),
            Map.entry("health", Set.of("ledger")),
            Map.entry("engine", Set.of("ledger.Target")),
            Map.entry("prefix", Set.of()),
            Map.entry("model", Set.of("ledger.Target")),
            Map.entry("cluster", Set.of("ledger")),
            Map.entry("tenant", Set.of("RateLimitExceededException")),
            Map.entry("balance", Set.of("count", "ledger", "cluster", "pick", "cost", "health", "engine", "prefix",
                    "model", "TokenLbConstants", "NoTargetAvailableException", "BackendsSaturatedException",
                    "ModelNotServedException")),
            Map.entry("camel", Set.of("TokenAwareLoadBalancer", "count", "ledger", "cluster", "pick", "cost", "health",
                    "engine", "prefix", "model", "balance")),
            Map.entry("", Set.of("count", "ledger", "cluster", "pick", "cost", "health", "engine", "prefix", "model",
                    "balance", "tenant")));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.tokenlb\\.([\\w.]+);", Pattern.MULTILINE);

    @Test
    void importsRunFromWiringToPolicyToParts() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(SOURCES)) {
            for (Path file : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> allowed = ALLOWED.get(pkg);
                if (allowed == null) {
                    violations.add(file + ": package '" + pkg + "' has no rule here; add one");
                    continue;
                }
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    if (!permitted(pkg, imported, allowed)) {
                        violations.add(file + " imports dev.tokenlb." + imported);
                    }
                }
            }
        }
        assertTrue(files > 40, "found only " + files + " sources under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), violations);
    }

    @Test
    void theRootKeepsOnlyWhatARouteNames() throws IOException {
        try (Stream<Path> paths = Files.list(SOURCES)) {
            List<String> classes = paths.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("BackendsSaturatedException.java", "InvalidApiKeyException.java",
                    "ModelNotServedException.java", "NoTargetAvailableException.java",
                    "RateLimitExceededException.java", "TenantLimitProcessor.java", "TokenAwareLoadBalancer.java", "TokenCountingProcessor.java", "TokenLbConstants.java",
                    "package-info.java"), classes);
        }
    }

    private static boolean permitted(String pkg, String imported, Set<String> allowed) {
        if (!pkg.isEmpty() && imported.startsWith(pkg + ".")) {
            return true;
        }
        for (String a : allowed) {
            if (imported.equals(a) || imported.startsWith(a + ".")) {
                return true;
            }
        }
        return false;
    }
}
