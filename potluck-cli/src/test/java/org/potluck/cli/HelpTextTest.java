package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.potluck.pool.config.PoolConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's --help, as a person reads it in a terminal: readable, complete, and naming what it refers to. */
class HelpTextTest {
    private static final int MAX_WIDTH = 100;
    private static final Pattern SPACES = Pattern.compile("\\s+");

    static List<String> commands() {
        return List.copyOf(Main.commandLine().getSubcommands().keySet());
    }

    private static CommandLine command(String name) {
        return Main.commandLine().getSubcommands().get(name);
    }

    private static String help(String name) {
        return command(name).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void noHelpLineIsWiderThanATerminal(String name) {
        for (String line : help(name).split("\n")) {
            assertThat(line.length()).as("%s --help line: %s", name, line).isLessThanOrEqualTo(MAX_WIDTH);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyOptionHasADescription(String name) {
        for (OptionSpec option : command(name).getCommandSpec().options()) {
            assertThat(String.join(" ", option.description()).strip())
                    .as("%s %s", name, option.longestName())
                    .isNotEmpty();
        }
    }

    /** Wrapping may only happen between words: each description, words joined by single spaces, is found whole. */
    @ParameterizedTest
    @MethodSource("commands")
    void helpWrapsBetweenWordsOnly(String name) {
        String flat = flat(help(name));
        var spec = command(name).getCommandSpec();
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        for (OptionSpec option : spec.options()) {
            texts.add(String.join(" ", option.description())
                    .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue())));
        }
        for (String text : texts) {
            assertThat(flat.contains(flat(text.replace("%%", "%"))))
                    .as("%s --help keeps \"%s\" whole:%n%s", name, text, help(name))
                    .isTrue();
        }
    }

    /**
     * A paragraph wraps at the full width: a line that ends where the next line's first word would still have fit is
     * a sentence split by hand, which leaves ragged lines on screen. Lines that end a sentence may end early. (Picocli
     * leaves the last column empty, hence width - 1.)
     */
    @ParameterizedTest
    @MethodSource("commands")
    void paragraphsAreNotBrokenByHand(String name) {
        String[] lines = help(name).split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            String line = lines[i];
            String next = lines[i + 1];
            int indent = indent(line);
            // Skipped: the synopsis, a new option, a new sentence, and a line that ends one.
            if (line.isBlank()
                    || next.isBlank()
                    || indent != indent(next)
                    || line.startsWith("Usage:")
                    || next.strip().startsWith("[")
                    || next.strip().startsWith("-")
                    || Character.isUpperCase(next.strip().charAt(0))
                    || line.strip().matches(".*[.:]$")) {
                continue;
            }
            String firstWord = next.strip().split(" ")[0];
            assertThat(line.stripTrailing().length() + 1 + firstWord.length())
                    .as("%s --help breaks early after \"%s\" (next: \"%s\")", name, line.strip(), next.strip())
                    .isGreaterThan(MAX_WIDTH - 1);
        }
    }

    @Test
    void initListsEveryNetworkThePoolAccepts() {
        String description = String.join(
                " ", command("init").getCommandSpec().findOption("--network").description());
        for (String network : List.of("main", "testnet4", "signet", "testnet", "regtest", "bcoin-regtest", "mainnet")) {
            assertThat(description).contains(network);
        }
        assertThat(PoolConfig.NETWORKS).allSatisfy(n -> assertThat(description).contains(n));
    }

    @Test
    void runHelpNamesTheExampleConfigAndTheEnvironmentVariables() {
        String help = help("run");
        assertThat(help)
                .contains("docs/potluck.example.toml")
                .contains("POTLUCK_STRATUM_PORT")
                .contains("POTLUCK_NODE_0_URL")
                .contains("POTLUCK_<SECTION>_<KEY>")
                .contains("potluck init");
    }

    @Test
    void minePasswordSaysWhatItIsFor() {
        assertThat(help("mine")).containsPattern("--password=<password>\\s+\\S+");
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String flat(String text) {
        return SPACES.matcher(text).replaceAll(" ").strip();
    }
}
