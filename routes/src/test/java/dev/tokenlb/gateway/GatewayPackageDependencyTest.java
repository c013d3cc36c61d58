package dev.tokenlb.gateway;

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
 * The gateway's rooms import one way: {@code config} -> {@code ops}, {@code relay} -> {@code http} -> {@code errors};
 * no room imports one above it, and every main class stays under {@value #MAX_LINES} lines. Read from the sources, so
 * an import against the grain, or a class grown too long, fails the build with the file named.
 */
class GatewayPackageDependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/tokenlb/gateway");
    private static final int MAX_LINES = 300;

    /** Per package, the gateway packages it may import; a package always may import itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "errors", Set.of(),
            "http", Set.of("errors"),
            "relay", Set.of("http", "errors"),
            "ops", Set.of("errors"),
            "config", Set.of("ops", "relay", "http", "errors"));

    /** An import of a gateway class, also static or of a nested class; the first name after the prefix is the room. */
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?dev\\.tokenlb\\.gateway\\.([\\w.]+);", Pattern.MULTILINE);
    /** A gateway class named in full in the code, which would pass by the imports. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])dev\\.tokenlb\\.gateway\\.(\\w+)\\.[A-Z]");

    @Test
    void importsRunFromConfigThroughOpsRelayAndHttpToErrors() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (Path file : sources()) {
            files++;
            String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
            Set<String> allowed = ALLOWED.get(pkg);
            if (allowed == null) {
                violations.add(file + ": package '" + pkg + "' has no rule here; add one (main classes live in a room)");
                continue;
            }
            String text = Files.readString(file);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String room = m.group(1).split("\\.")[0];
                if (!room.equals(pkg) && !allowed.contains(room)) {
                    violations.add(file + " imports dev.tokenlb.gateway." + m.group(1) + " (" + pkg + " may import "
                                   + (allowed.isEmpty() ? "no other gateway package" : allowed) + ")");
                }
            }
            Matcher q = QUALIFIED.matcher(withoutCommentsAndImports(text));
            while (q.find()) {
                String room = q.group(1);
                if (!room.equals(pkg) && !allowed.contains(room)) {
                    violations.add(file + " names a class of dev.tokenlb.gateway." + room + " in full");
                }
            }
        }
        assertTrue(files > 20, "found only " + files + " sources under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), violations);
    }

    @Test
    void everyMainClassStaysUnderThreeHundredLines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_LINES) {
                tooLong.add(file + " has " + lines + " lines (at most " + MAX_LINES + ": is it two ideas?)");
            }
        }
        assertEquals(List.of(), tooLong);
    }

    @Test
    void everyRoomSaysWhatLivesThere() throws IOException {
        for (String room : ALLOWED.keySet()) {
            assertTrue(Files.isRegularFile(SOURCES.resolve(room).resolve("package-info.java")),
                    "no package-info.java in dev.tokenlb.gateway." + room);
        }
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> paths = Files.walk(SOURCES)) {
            return paths.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The code without comments and import lines: a class named in Javadoc is no dependency. */
    private static String withoutCommentsAndImports(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").replaceAll("(?m)^import [^\\n]*", "");
    }
}
