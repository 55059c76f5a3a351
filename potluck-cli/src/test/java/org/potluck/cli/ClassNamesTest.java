package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One name, one class: two modules' classes of the same simple name make a reader (and an IDE's import) guess which is
 * meant. Checked on the source trees of every module, from the repository root above this module.
 */
class ClassNamesTest {

    @Test
    void noTwoModulesHoldClassesOfTheSameSimpleName() throws IOException {
        Map<String, Set<String>> modulesByName = new TreeMap<>();
        try (Stream<Path> modules = Files.list(repositoryRoot())) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("potluck-"))
                    .toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                            .forEach(n -> modulesByName
                                    .computeIfAbsent(n.substring(0, n.length() - 5), k -> new TreeSet<>())
                                    .add(module.getFileName().toString()));
                }
            }
        }
        // The scan saw the modules at all (a wrong root would find nothing and pass).
        assertThat(modulesByName).containsKeys("Pool", "Verifier", "NodeWatcher", "PotluckServer");

        modulesByName.values().removeIf(m -> m.size() < 2);

        assertThat(modulesByName)
                .as("class names found in more than one module")
                .isEmpty();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("potluck-cli")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "repository root not found above " + Path.of("").toAbsolutePath());
    }
}
