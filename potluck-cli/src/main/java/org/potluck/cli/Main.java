package org.potluck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The potluck command: one entry point, each subcommand in its own class. */
@Command(
        name = "potluck",
        mixinStandardHelpOptions = true,
        version = "potluck 0.1.0",
        description = "A self-hostable Bitcoin mining pool that pays miners in the coinbase.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            MineCommand.class,
            InitCommand.class,
            VerifyCommand.class,
            org.potluck.bench.BenchCommand.class
        })
public final class Main implements Runnable {
    static final int HELP_WIDTH = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree as {@link #run} uses it (tests render its help). */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                // A fixed width, not the terminal's: help reads the same everywhere and tests can check its wrapping.
                .setUsageHelpWidth(HELP_WIDTH)
                .setUsageHelpLongOptionsMaxWidth(30)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("potluck: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
