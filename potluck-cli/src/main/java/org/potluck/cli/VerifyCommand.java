package org.potluck.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.potluck.verify.Verifier;
import org.potluck.verify.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A miner's own check of a pool: every share's proof of work, every job's payout table, every block's coinbase. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check a Potluck pool from the outside: recheck every published share, recompute every payout "
                    + "table from the shares, and check that each found block paid exactly that.",
            "Exit code 0: all correct; 1: a mismatch (named); 2: could not verify."
        })
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--pool", required = true, description = "the pool's web address, e.g. http://pool.example:8080")
    URI pool;

    @Option(
            names = "--node",
            description = "your own node's RPC URL (blocks are then checked against it), for example "
                    + "http://user:pass@127.0.0.1:8332")
    URI node;

    @Option(names = "--cookie", description = "your node's cookie file, when --node has no user:password")
    Path cookie;

    @Option(
            names = "--db",
            defaultValue = "potluck-verify.db",
            description = "your own copy of the pool's shares (default: ${DEFAULT-VALUE})")
    Path database;

    @Option(names = "--follow", description = "keep following the live share stream until Ctrl-C")
    boolean follow;

    @Option(
            names = "--interval",
            converter = Durations.class,
            defaultValue = "10s",
            description = "with --follow: how often to fetch new jobs and blocks (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    public Integer call() {
        var options = VerifyOptions.once(pool, database);
        if (node != null) {
            options = options.withNode(node, cookie);
        }
        if (follow) {
            options = options.following(interval);
        }
        var verifier = new Verifier(options, System.out);
        Thread stop = new Thread(verifier::stop, "verify-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return verifier.runAndReport(System.err);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C in follow mode: the hook is what ended the run
            }
        }
    }
}
