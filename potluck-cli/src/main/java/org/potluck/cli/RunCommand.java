package org.potluck.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.potluck.cli.config.ConfigLoader;
import org.potluck.cli.server.PotluckServer;
import org.potluck.pool.PoolListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the pool from a config file until it is stopped. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the pool with a TOML config file.",
        footer = {
            "",
            "Write a first config file with `potluck init`. Every key, with its default and what it does, is in "
                    + "docs/potluck.example.toml.",
            "",
            "Environment variables override the file: POTLUCK_<KEY> for top-level keys (POTLUCK_NETWORK=signet), "
                    + "POTLUCK_<SECTION>_<KEY> for a [section] (POTLUCK_STRATUM_PORT=3334), "
                    + "POTLUCK_NODE_<N>_<KEY> for the N-th [[node]], from 0 (POTLUCK_NODE_0_URL=http://127.0.0.1:8332).",
            "POTLUCK_LOG=debug shows more log lines; POTLUCK_LOG_FORMAT=json writes JSON lines."
        })
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the TOML config file (see below)")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(config)) {
            throw new IllegalArgumentException(
                    "config file " + config + " does not exist: write one with ./potluck init "
                            + "(it asks a few questions and checks the node), or start from docs/potluck.example.toml");
        }
        if (!Files.isRegularFile(config) || !Files.isReadable(config)) {
            throw new IllegalArgumentException("config file " + config + " is not a file this user can read");
        }
        var cfg = ConfigLoader.load(config);
        LogFormat.apply(cfg.ops());
        var stopped = new CountDownLatch(1);
        PotluckServer server = PotluckServer.start(cfg, PoolListener.NONE, config);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "potluck-shutdown"));
        System.out.printf(
                "potluck is running: miners connect to %s%s (Ctrl-C stops it)%n",
                ClientAddresses.urls(
                        "stratum+tcp",
                        cfg.pool().stratum().host(),
                        server.pool().stratumAddress().getPort(),
                        ""),
                server.webPort() < 0
                        ? ""
                        : "; dashboard and API on "
                                + ClientAddresses.urls("http", cfg.web().host(), server.webPort(), "/"));
        stopped.await();
        return 0;
    }
}
