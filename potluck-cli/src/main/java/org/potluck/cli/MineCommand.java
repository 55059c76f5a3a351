package org.potluck.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A CPU miner: a real Stratum v1 client, for tests, the demo and testnets. */
@Command(name = "mine", mixinStandardHelpOptions = true, description = "Mine on a Stratum v1 pool with the CPU.")
final class MineCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "stratum+tcp://HOST:PORT")
    String url;

    @Option(names = "--user", required = true, description = "ADDRESS or ADDRESS.worker")
    String user;

    @Option(
            names = "--password",
            defaultValue = "x",
            description =
                    "password sent with mining.authorize; most pools, Potluck too, ignore it (default: ${DEFAULT-VALUE})")
    String password;

    @Option(names = "--threads", defaultValue = "1", description = "hashing threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--suggest-difficulty",
            defaultValue = "0",
            description = "difficulty to ask the pool for (0: let the pool choose)")
    double suggestDifficulty;

    @Option(names = "--no-version-rolling", description = "do not ask for BIP310 version rolling")
    boolean noVersionRolling;

    @Option(
            names = "--duration",
            converter = Durations.class,
            description = "stop after this long (e.g. 60s); default: until Ctrl-C")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        var options = MinerOptions.parseUrl(url, user, password, threads, suggestDifficulty, !noVersionRolling, null);
        try (var miner = new CpuMiner(options, new ConsoleMinerListener())) {
            Runtime.getRuntime().addShutdownHook(new Thread(miner::close, "miner-shutdown"));
            miner.start();
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (System.nanoTime() - end < 0) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                System.out.printf(
                        "%.2f MH/s, %d accepted, %d rejected%n",
                        miner.hashrate() / 1e6, miner.accepted(), miner.rejected());
            }
        }
        return 0;
    }

    private static final class ConsoleMinerListener implements MinerListener {
        @Override
        public void onConnected(String extranonce1, int extranonce2Size) {
            System.out.println("connected: extranonce1 " + extranonce1 + ", extranonce2 size " + extranonce2Size);
        }

        @Override
        public void onDifficulty(double difficulty) {
            System.out.println("difficulty " + difficulty);
        }

        @Override
        public void onShare(String jobId, boolean accepted, String error, double hashDifficulty) {
            System.out.printf(
                    "share on job %s (difficulty %.4g): %s%n",
                    jobId, hashDifficulty, accepted ? "accepted" : "rejected: " + error);
        }

        @Override
        public void onDisconnected(String reason) {
            System.out.println("disconnected: " + reason);
        }

        @Override
        public void onMessage(String text) {
            System.out.println(text);
        }
    }
}
