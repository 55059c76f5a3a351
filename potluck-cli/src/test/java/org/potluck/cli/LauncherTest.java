package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `potluck` launcher script, run for real in a copy of the repository's layout whose Maven wrapper and JDK are
 * stand-ins that log each call: a real build here would write the shared ~/.m2 and take a minute. The launcher starts
 * one JVM (the version comes from the JDK's `release` file) and never runs a jar built from other sources.
 */
class LauncherTest {
    private static final String JAR = "potluck-cli/target/potluck.jar";
    private static final String SOURCE = "potluck-core/src/main/java/org/example/Pool.java";

    @TempDir
    Path root;

    @BeforeEach
    void aCheckoutWithStandIns() throws IOException {
        Files.copy(repositoryRoot().resolve("potluck"), root.resolve("potluck"));
        executable(root.resolve("potluck"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve(".mvn/wrapper"));
        write(root.resolve("potluck-core/pom.xml"), "<project/>\n");
        write(root.resolve(SOURCE), "class Pool {}\n");
        Files.writeString(root.resolve("potluck-core/src/main/java/org/example/Job.java"), "class Job {}\n");
        // The wrapper logs its arguments, makes the edit a test asks for while "compiling", then writes the jar.
        Files.writeString(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                printf '%s\\n' "$*" >>builds.log
                if [ -f edit-during-build ]; then
                  rm edit-during-build
                  echo '// saved while the build ran' >>potluck-core/src/main/java/org/example/Pool.java
                fi
                mkdir -p potluck-cli/target
                echo "jar built from the sources" >potluck-cli/target/potluck.jar
                """);
        executable(root.resolve("mvnw"));
        fakeJdk("jdk", "25.0.3");
    }

    @Test
    void theVersionIsReadFromTheJdkReleaseFileSoOnlyOneJavaProcessRuns() throws Exception {
        Ran ran = launch("--version");

        assertThat(ran.exitCode()).as(ran.output()).isZero();
        assertThat(javaCalls("jdk"))
                .containsExactly("--enable-native-access=ALL-UNNAMED -jar " + root.resolve(JAR) + " --version");
    }

    @Test
    void aJavaReachedThroughASymlinkIsKnownByTheReleaseFileOfTheJdkItPointsInto() throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.createSymbolicLink(root.resolve("bin/java"), root.resolve("jdk/bin/java"));

        Ran ran = launch(root.resolve("bin/java"), "--version");

        assertThat(ran.exitCode()).as(ran.output()).isZero();
        assertThat(javaCalls("jdk")).hasSize(1);
    }

    @Test
    void aJavaOlderThan25IsPassedOverWithoutBeingRun() throws Exception {
        fakeJdk("old-jdk", "21.0.2");

        launch(root.resolve("old-jdk/bin/java"), "--version");

        assertThat(javaCalls("old-jdk")).isEmpty();
    }

    @Test
    void theRunCommandKeepsItsBoundedYoungGeneration() throws Exception {
        launch("run", "--config", "x.toml");

        assertThat(javaCalls("jdk"))
                .containsExactly("--enable-native-access=ALL-UNNAMED -Xmn32m -jar " + root.resolve(JAR)
                        + " run --config x.toml");
    }

    @Test
    void theFirstStartBuildsWithoutTestsAndWithoutTheFormatCheck() throws Exception {
        launch("--version");

        assertThat(builds()).containsExactly("-q -DskipTests -Dspotless.check.skip=true install");
    }

    @Test
    void anUnchangedTreeIsNotBuiltAgain() throws Exception {
        launch("--version");
        launch("--version");
        launch("--version");

        assertThat(builds()).hasSize(1);
        assertThat(javaCalls("jdk")).hasSize(3);
    }

    @Test
    void anEditedSourceIsBuiltAgain() throws Exception {
        launch("--version");
        Files.writeString(root.resolve(SOURCE), "class Pool { int miners; }\n");

        launch("--version");

        assertThat(builds()).hasSize(2);
    }

    @Test
    void aDeletedSourceIsBuiltAgain() throws Exception {
        launch("--version");
        Files.delete(root.resolve("potluck-core/src/main/java/org/example/Job.java"));

        launch("--version");

        assertThat(builds()).hasSize(2);
    }

    /** `cp -p`, `tar x` or a backup restore give a changed file a modification time older than the jar. */
    @Test
    void aSourceRestoredWithAnOlderModificationTimeIsBuiltAgain() throws Exception {
        launch("--version");
        Files.writeString(root.resolve(SOURCE), "class Pool { /* last week's version */ }\n");
        Files.setLastModifiedTime(
                root.resolve(SOURCE), FileTime.from(Instant.now().minus(Duration.ofDays(7))));

        launch("--version");

        assertThat(builds()).hasSize(2);
    }

    @Test
    void aSourceSavedWhileTheBuildRanIsBuiltAgainOnTheNextStart() throws Exception {
        Files.writeString(root.resolve("edit-during-build"), "");
        launch("--version");

        launch("--version");

        assertThat(builds()).hasSize(2);
    }

    @Test
    void aJarBuiltByHandAfterTheLastEditIsUsedWithoutABuild() throws Exception {
        Files.createDirectories(root.resolve(JAR).getParent());
        Files.writeString(root.resolve(JAR), "jar from ./mvnw package\n");

        launch("--version");
        Files.writeString(root.resolve(SOURCE), "class Pool { int miners; }\n");
        launch("--version");

        assertThat(builds()).hasSize(1);
    }

    @Test
    void aJarBuiltByHandBeforeAnEditIsBuiltAgain() throws Exception {
        Files.createDirectories(root.resolve(JAR).getParent());
        Files.writeString(root.resolve(JAR), "jar from ./mvnw package\n");
        Files.setLastModifiedTime(root.resolve(JAR), FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        launch("--version");

        assertThat(builds()).hasSize(1);
    }

    private record Ran(int exitCode, String output) {}

    private Ran launch(String... args) throws IOException, InterruptedException {
        return launch(root.resolve("jdk/bin/java"), args);
    }

    private Ran launch(Path java, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of(root.resolve("potluck").toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(root, "launch", ".log");
        var builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("POTLUCK_JAVA_OPTS");
        builder.environment().put("POTLUCK_JAVA", java.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the launcher did not end within 60 s:\n" + Files.readString(log));
        }
        return new Ran(process.exitValue(), Files.readString(log));
    }

    private List<String> builds() throws IOException {
        Path log = root.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private List<String> javaCalls(String jdk) throws IOException {
        Path log = root.resolve(jdk).resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** A JDK home with a `release` file and a java that logs its arguments instead of starting a JVM. */
    private void fakeJdk(String name, String version) throws IOException {
        Path home = root.resolve(name);
        write(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, """
                #!/usr/bin/env bash
                printf '%s\\n' "$*" >>"$(dirname "$(readlink -f "$0")")/../calls.log"
                echo "potluck (stand-in)"
                """);
        executable(java);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("potluck")) && Files.isDirectory(dir.resolve("potluck-cli"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "the potluck launcher not found above " + Path.of("").toAbsolutePath());
    }
}
