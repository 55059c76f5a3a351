package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README is what a meetup organiser follows with a Bitaxe in hand: its miner set-up must match the devices' own
 * settings pages (AxeOS takes host and port in separate fields, without a scheme), and its first screen stays two
 * commands long.
 */
class ReadmeMinerSetupTest {
    private static String readme() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("potluck-cli"))) {
                return Files.readString(dir.resolve("README.md"));
            }
        }
        throw new IllegalStateException(
                "README.md not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theFirstScreenKeepsExactlyTheTwoSetUpCommands() throws IOException {
        String firstScreen = readme().split("\n---\n", 2)[0];
        List<String> commands = firstScreen
                .lines()
                .filter(l -> l.startsWith("./"))
                .map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1])
                .toList();

        assertThat(commands).containsExactly("./potluck demo", "./mvnw verify");
    }

    @Test
    void aBitaxeGetsTheHostAndPortInItsOwnFieldsWithoutTheScheme() throws IOException {
        String readme = readme();

        assertThat(readme).doesNotContainPattern("Bitaxe takes exactly");
        String bitaxe = section(readme, "**Bitaxe", "**Antminer");
        assertThat(bitaxe)
                .contains("Stratum Host", "Stratum Port", "User", "Password", "Suggested Difficulty")
                .contains("no `stratum+tcp://`")
                .contains("Restart");
        String antminer = section(readme, "**Antminer", "**cpuminer");
        assertThat(antminer)
                .contains("Miner Configuration", "Pool 1", "Worker", "Password", "stratum+tcp://192.168.1.20:3333");
    }

    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("README has %s", from).isNotNegative();
        int end = text.indexOf(to, start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }
}
