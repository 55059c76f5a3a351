package org.potluck.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.potluck.bitcoin.BlockHeader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code potluck bench}: a stand-in mainnet node, the pool under test and N simulated miners, measured together. Without
 * {@code --target} it runs Potluck in a child JVM pinned to core 1 and the load (with the node) on core 0; with
 * {@code --target} the same load goes to any other pool that was configured against the stand-in node; with
 * {@code --compare-command} it measures Potluck and then that pool in one run and prints them side by side.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure a pool under load: connections, share throughput and latency, block fan-out, memory.")
public final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--miners",
            defaultValue = "1000",
            description = "Simulated miners (at most ~19,000 per process). Default ${DEFAULT-VALUE}.")
    int miners;

    @Option(
            names = "--rate",
            defaultValue = "1",
            description = "Steady mode: shares per second per miner. Default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds of submitting. Default ${DEFAULT-VALUE}.")
    int durationSeconds;

    @Option(
            names = "--mode",
            defaultValue = "steady",
            description = "steady (each miner at --rate), flood (each miner keeps --window submits unanswered) or open "
                    + "(--offered-rate shares/s across all miners, sent whether or not answers come back).")
    String mode;

    @Option(
            names = "--offered-rate",
            defaultValue = "10000",
            description = "Open mode: shares per second offered across all miners. Default ${DEFAULT-VALUE}.")
    double offeredRate;

    @Option(
            names = "--cold",
            description = "Measure each pool from its process start: spawn → first accepted connection and first "
                    + "accepted share, and submit p50/p99 for each second of --duration (no warm-up; the pool must be "
                    + "started by the bench: Potluck, or --compare-command / --target-command).")
    boolean cold;

    @Option(
            names = "--sample-every",
            defaultValue = "1",
            description =
                    "Seconds between samples of the pool's RSS and heap during the load. Default ${DEFAULT-VALUE}.")
    int sampleEverySeconds;

    @Option(
            names = "--window",
            defaultValue = "16",
            description = "Flood mode: unanswered submits per miner. Default ${DEFAULT-VALUE}.")
    int window;

    @Option(
            names = "--blocks",
            defaultValue = "3",
            description = "Block changes announced during the run. Default ${DEFAULT-VALUE}.")
    int blocks;

    @Option(
            names = "--target",
            description =
                    "host:port of another pool to load instead of starting Potluck (it must use the stand-in node).")
    String target;

    @Option(
            names = "--target-command",
            description =
                    "Command that starts the --target pool once the stand-in node is up (its RSS is then reported).")
    String targetCommand;

    @Option(
            names = "--compare",
            description = "host:port of a second pool measured after Potluck in the same run, e.g. ckpool.")
    String compare;

    @Option(
            names = "--compare-command",
            description = "Command that starts the --compare pool (after Potluck has been stopped).")
    String compareCommand;

    @Option(names = "--compare-name", defaultValue = "ckpool", description = "Name of the compared pool in the table.")
    String compareName;

    @Option(
            names = "--pin",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Pin the pool to core 1 and the load to core 0 with taskset (default on).")
    boolean pin;

    @Option(
            names = "--difficulty",
            defaultValue = "1e-10",
            description =
                    "Potluck's share difficulty (fixed; below 2.3e-10 every hash is a share). Default ${DEFAULT-VALUE}.")
    double difficulty;

    @Option(
            names = "--user",
            defaultValue = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            description = "Mainnet payout address the miners authorize as (worker names are appended).")
    String user;

    @Option(
            names = "--transactions",
            defaultValue = "2000",
            description = "Transactions in the stand-in node's template. Default ${DEFAULT-VALUE}.")
    int transactions;

    @Option(
            names = "--node-rpc-port",
            defaultValue = "28532",
            description = "Stand-in node RPC port (other pools are configured with it). Default ${DEFAULT-VALUE}.")
    int nodeRpcPort;

    @Option(
            names = "--node-zmq-port",
            defaultValue = "28533",
            description = "Stand-in node ZMQ hashblock port. Default ${DEFAULT-VALUE}.")
    int nodeZmqPort;

    @Option(
            names = "--sources",
            defaultValue = "0",
            description = "Loopback source addresses to spread sockets over (0 = one per 5,000 miners).")
    int sources;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "Load generator event loops. Default ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = "--work-dir",
            defaultValue = "target/bench",
            description = "Where the pool's data, logs and JFR files go.")
    Path workDir;

    @Option(names = "--jfr", description = "Record the Potluck JVM with Flight Recorder into <work-dir>/potluck.jfr.")
    boolean jfr;

    @Option(
            names = "--warmup",
            description = "Seconds of the same load (and --blocks block changes, at least one) before the measured "
                    + "period, the same for every pool measured (Potluck, --target, --compare). Default "
                    + "${DEFAULT-VALUE}: with a 30 s run it keeps ckpool under the 60 s after which it drops miners "
                    + "whose shares it all refuses. 0: none. Connection times and memory per connection are always "
                    + "measured before it.",
            defaultValue = "20")
    int warmupSeconds;

    @Option(
            names = "--pool-jvm-option",
            description = "Extra option for the Potluck JVM (repeatable), for example a profiler "
                    + "agent: -agentpath:DIR/libasyncProfiler.so=start")
    List<String> poolJvmOptions = new ArrayList<>();

    @Option(
            names = "--send-floor",
            description =
                    "Only measure the kernel's cost of one ~1 KB TCP send on loopback: one "
                            + "thread writes one 1,100-byte line to each of --miners sockets, 5 rounds (pinned to core 0 like the load), then exit.")
    boolean sendFloor;

    /** About a mining.notify with a dozen merkle branches, the line a block change sends to every miner. */
    static final int SEND_FLOOR_LINE_BYTES = 1100;

    static final int SEND_FLOOR_ROUNDS = 5;

    /**
     * Every pool, once it listens, is left this long before the miners connect: its first template, address checks and
     * start-up work. The same for each (it used to be 2 s for Potluck and 3 s for a compared pool).
     */
    static final int SETTLE_SECONDS = 3;

    static final String RPC_USER = "bench";
    static final String RPC_PASSWORD = "bench";

    /** The figures of one pool under one load. */
    record Result(
            String pool,
            LoadGenerator.ConnectReport connect,
            LoadGenerator.ShareReport shares,
            LoadGenerator.FanoutReport fanout,
            List<LoadGenerator.FanoutReport> perBlock,
            long rssBefore,
            long rssConnected,
            long rssAfter,
            long heapBefore,
            long heapConnected,
            double cpuSeconds,
            double loadSeconds,
            int warmupSeconds,
            List<MemorySampler.Sample> memory,
            ColdStart cold,
            GcTotals gcDuringLoad) {
        /** Share of one core the pool used while the load ran (all its threads; above 100 % on more cores). */
        double cpuPercent() {
            return cpuSeconds < 0 ? Double.NaN : 100 * cpuSeconds / loadSeconds;
        }

        /** The pool's CPU time per share it answered: throughput per core, independent of the offered rate. */
        double cpuMicrosPerShare() {
            return cpuSeconds < 0 || shares.answered() == 0 ? Double.NaN : 1e6 * cpuSeconds / shares.answered();
        }

        /** The pool's collector time per answered share (µs), part of {@link #cpuMicrosPerShare()}; NaN if unknown. */
        double gcMicrosPerShare() {
            return gcDuringLoad == null ? Double.NaN : gcDuringLoad.microsPerShare(shares.answered());
        }

        double rssPerConnection() {
            return rssBefore < 0 || rssConnected < 0
                    ? Double.NaN
                    : (double) (rssConnected - rssBefore) / Math.max(1, connect.ready());
        }

        double heapPerConnection() {
            return heapBefore < 0 || heapConnected < 0
                    ? Double.NaN
                    : (double) (heapConnected - heapBefore) / Math.max(1, connect.ready());
        }
    }

    @Override
    public Integer call() throws Exception {
        LoadGenerator.Mode loadMode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "steady" -> LoadGenerator.Mode.STEADY;
            case "flood" -> LoadGenerator.Mode.FLOOD;
            case "open" -> LoadGenerator.Mode.OPEN;
            default ->
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--mode must be steady, flood or open, got " + mode);
        };
        if (cold && target != null && targetCommand == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--cold measures from the pool's start: give --target-command too");
        }
        if (cold && compare != null && compareCommand == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--cold measures from the pool's start: give --compare-command too");
        }
        if (pin) {
            taskset(ProcessHandle.current().pid(), 0);
        }
        if (sendFloor) {
            var floor = SendFloor.measure(miners, SEND_FLOOR_LINE_BYTES, SEND_FLOOR_ROUNDS, sourceCount());
            System.out.println(floor.summary() + (pin ? "; pinned to core 0" : ""));
            return 0;
        }
        List<Result> results = new ArrayList<>();
        try (StandInNode node = new StandInNode(nodeRpcPort, nodeZmqPort, RPC_USER, RPC_PASSWORD, transactions)) {
            System.out.printf(
                    "stand-in node: RPC %s, ZMQ %s, %d transactions%n",
                    node.rpcUrl(), node.zmqUrl(), node.transactionCount());
            if (target == null) {
                results.add(runPotluck(node, loadMode));
                if (compare != null) {
                    results.add(runExternal(node, loadMode, compareName, compare, compareCommand));
                }
            } else {
                results.add(runExternal(node, loadMode, "target " + target, target, targetCommand));
            }
            System.out.printf(
                    "stand-in node served %d templates, received %d blocks%n",
                    node.templatesServed(), node.submittedBlocks());
        }
        System.out.println();
        System.out.print(table(results, loadMode));
        return 0;
    }

    private Result runPotluck(StandInNode node, LoadGenerator.Mode loadMode) throws Exception {
        List<String> flags = new ArrayList<>();
        flags.addAll(poolJvmOptions);
        if (jfr) {
            flags.add("-XX:StartFlightRecording=filename="
                    + workDir.toAbsolutePath().resolve("potluck.jfr") + ",settings=profile");
        }
        // Cold: a port chosen here, so that the bench can knock on it from the spawn on, before the pool says READY.
        int port = cold ? freePort() : 0;
        try (PoolUnderTest pool = PoolUnderTest.spawn(
                node, RPC_USER, RPC_PASSWORD, difficulty, pin ? 1 : -1, port, workDir.toAbsolutePath(), flags)) {
            Duration firstConnection =
                    cold ? ColdStart.awaitFirstConnection("127.0.0.1", port, pool.spawnNanos(), START_TIMEOUT) : null;
            pool.awaitReady();
            System.out.printf(
                    "Potluck: pid %d, stratum 127.0.0.1:%d%s%n",
                    pool.pid(), pool.port(), pin ? ", pinned to core 1" : "");
            var probes = new Probes(pool.pid(), pool::heapUsedAfterGc, pool::heapNow, pool::gcTotals);
            if (cold) {
                return measureCold(
                        "Potluck",
                        node,
                        loadMode,
                        "127.0.0.1",
                        pool.port(),
                        probes,
                        pool.spawnNanos(),
                        firstConnection);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
            return measure("Potluck", node, loadMode, "127.0.0.1", pool.port(), probes);
        }
    }

    private Result runExternal(
            StandInNode node, LoadGenerator.Mode loadMode, String name, String hostPort, String command)
            throws Exception {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "expected host:port, got " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        Process process = null;
        try {
            long pid = -1;
            long spawnNanos = System.nanoTime();
            if (command != null) {
                java.nio.file.Files.createDirectories(workDir.toAbsolutePath());
                var builder = new ProcessBuilder("sh", "-c", "exec " + command)
                        .redirectOutput(workDir.toAbsolutePath()
                                .resolve(name.replaceAll("\\W", "_") + ".out")
                                .toFile())
                        .redirectErrorStream(true);
                spawnNanos = System.nanoTime();
                process = builder.start();
                pid = process.pid();
                if (pin) {
                    // Pinned at once (taskset -a also covers threads started later), not after a pause: in a cold
                    // run the pool's first milliseconds are what is measured.
                    taskset(pid, 1);
                }
            }
            Duration firstConnection = ColdStart.awaitFirstConnection(host, port, spawnNanos, START_TIMEOUT);
            System.out.printf("%s: %s:%d%s%n", name, host, port, pid > 0 ? ", pid " + pid : "");
            var probes = new Probes(pid, () -> -1L, () -> MemorySampler.Heap.UNKNOWN, () -> null);
            if (cold) {
                return measureCold(name, node, loadMode, host, port, probes, spawnNanos, firstConnection);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
            return measure(name, node, loadMode, host, port, probes);
        } finally {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private interface HeapAfterGc {
        long heapUsedAfterGc() throws InterruptedException;
    }

    private interface GcProbe {
        /** The pool's collector totals so far; null when unknown (a pool not started by the bench). */
        GcTotals gcTotals() throws InterruptedException;
    }

    /**
     * How the bench reads a pool's process: pid (-1: unknown), heap after a forced GC, heap without one, and its
     * collector totals.
     */
    private record Probes(long pid, HeapAfterGc afterGc, MemorySampler.HeapProbe now, GcProbe gc) {}

    /** Warm: connect, then --warmup seconds of the load, then the measured period. */
    private Result measure(
            String name, StandInNode node, LoadGenerator.Mode loadMode, String host, int port, Probes probes)
            throws Exception {
        return measure(name, node, loadMode, host, port, probes, -1, null);
    }

    /** Cold: connect and load at once after the pool listens, with latencies kept per second since its spawn. */
    private Result measureCold(
            String name,
            StandInNode node,
            LoadGenerator.Mode loadMode,
            String host,
            int port,
            Probes probes,
            long spawnNanos,
            Duration firstConnection)
            throws Exception {
        System.out.printf(
                "%s: first connection accepted %.0f ms after the spawn%n", name, firstConnection.toNanos() / 1e6);
        return measure(name, node, loadMode, host, port, probes, spawnNanos, firstConnection);
    }

    private Result measure(
            String name,
            StandInNode node,
            LoadGenerator.Mode loadMode,
            String host,
            int port,
            Probes probes,
            long spawnNanos,
            Duration firstConnection)
            throws Exception {
        boolean measuringCold = firstConnection != null;
        long pid = probes.pid();
        int warmup = measuringCold ? 0 : warmupSeconds;
        var plan = new LoadGenerator.Plan(
                host, port, miners, loadMode, rate, window, offeredRate, user, sourceCount(), threads);
        // A forced GC before a cold run would be part of what is measured: cold runs skip the heap baselines.
        HeapAfterGc heap = measuringCold ? () -> -1L : probes.afterGc();
        long heapBefore = heap.heapUsedAfterGc();
        long rssBefore = pid > 0 ? PoolUnderTest.rssBytes(pid) : -1;
        try (var load = new LoadGenerator(plan)) {
            if (measuringCold) {
                load.latencyBySecondFrom(spawnNanos);
            }
            var connect = load.connectAll(Duration.ofSeconds(120));
            System.out.printf(
                    "%s: %d/%d miners ready (%s); all connected in %d ms, all ready in %d ms%s%n",
                    name,
                    connect.ready(),
                    miners,
                    load.transportName(),
                    connect.allConnected().toMillis(),
                    connect.allReady().toMillis(),
                    connect.problems().isEmpty() ? "" : "; problems: " + connect.problems());
            if (!measuringCold) {
                Thread.sleep(1000);
            }
            long heapConnected = heap.heapUsedAfterGc();
            long rssConnected = pid > 0 ? PoolUnderTest.rssBytes(pid) : -1;
            if (warmup > 0) {
                warmUp(name, node, load, warmup);
            }
            load.resetFanout();
            double cpuStart = pid > 0 ? PoolUnderTest.cpuSeconds(pid) : -1;
            GcTotals gcStart = probes.gc().gcTotals();
            long loadStart = System.nanoTime();
            var memory = MemorySampler.start(pid, probes.now(), Duration.ofSeconds(sampleEverySeconds), name);
            load.startSubmitting();
            List<LoadGenerator.FanoutReport> perBlock = new ArrayList<>();
            long slice = TimeUnit.SECONDS.toMillis(durationSeconds) / (blocks + 1);
            LoadGenerator.FanoutReport fanout = null;
            for (int b = 0; b < blocks; b++) {
                Thread.sleep(slice);
                String notifyPrevHash = BlockHeader.notifyPrevHash(node.upcomingBlockHash());
                fanout = load.measureFanout(
                        notifyPrevHash, () -> node.newBlock().announcedNanos(), Duration.ofSeconds(10));
                perBlock.add(fanout);
                System.out.printf(
                        "%s: block %d: %d/%d miners had the new job; p50 %.1f ms, p99 %.1f ms, max %.1f ms (cumulative)%n",
                        name,
                        b + 1,
                        fanout.received(),
                        fanout.miners(),
                        fanout.p50Millis(),
                        fanout.p99Millis(),
                        fanout.maxMillis());
            }
            Thread.sleep(slice);
            var shares = load.stopSubmitting();
            var samples = memory.stop();
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            double cpuEnd = pid > 0 ? PoolUnderTest.cpuSeconds(pid) : -1;
            GcTotals gcEnd = probes.gc().gcTotals();
            GcTotals gcDuringLoad = gcStart == null || gcEnd == null ? null : gcEnd.since(gcStart);
            double cpuSeconds = cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart;
            long rssAfter = pid > 0 ? PoolUnderTest.rssBytes(pid) : -1;
            System.out.printf(
                    "%s: %d submitted, %d answered (%d accepted, %d rejected), %.0f answers/s; latency p50 %.2f ms, p99 %.2f ms, max %.1f ms; %d disconnected%n",
                    name,
                    shares.submitted(),
                    shares.answered(),
                    shares.accepted(),
                    shares.rejected(),
                    shares.answeredPerSecond(),
                    shares.p50Millis(),
                    shares.p99Millis(),
                    shares.maxMillis(),
                    shares.disconnected());
            if (loadMode == LoadGenerator.Mode.OPEN) {
                System.out.printf(
                        "%s: open loop: %,.0f offered/s, %,.0f sent/s, %,.0f answered/s; %,d not sent (load side "
                                + "blocked), %,d unanswered at the end, %,d answered beyond the latency ring%n",
                        name,
                        shares.offeredPerSecond(),
                        shares.submittedPerSecond(),
                        shares.answeredPerSecond(),
                        shares.blocked(),
                        shares.unanswered(),
                        shares.untimed());
            }
            if (!shares.rejectReasons().isEmpty()) {
                System.out.printf("%s: rejects by reason: %s%n", name, shares.rejectReasons());
            }
            System.out.printf("%s: stale %s; by block change %s%n", name, stalePercent(shares), staleByBlock(shares));
            return new Result(
                    name,
                    connect,
                    shares,
                    fanout,
                    perBlock,
                    rssBefore,
                    rssConnected,
                    rssAfter,
                    heapBefore,
                    heapConnected,
                    cpuSeconds,
                    loadSeconds,
                    warmup,
                    samples,
                    measuringCold ? ColdStart.of(spawnNanos, firstConnection, load, shares) : null,
                    gcDuringLoad);
        }
    }

    /**
     * The same load and as many block changes as the measured run, unmeasured: what follows sees the pool as it runs
     * after its first minutes, when the template and fan-out code, which runs once per block, is compiled too.
     */
    private void warmUp(String name, StandInNode node, LoadGenerator load, int seconds) throws InterruptedException {
        load.startSubmitting();
        int changes = Math.max(1, blocks);
        long slice = TimeUnit.SECONDS.toMillis(seconds) / (changes + 1);
        for (int b = 0; b < changes; b++) {
            Thread.sleep(slice);
            load.measureFanout(
                    BlockHeader.notifyPrevHash(node.upcomingBlockHash()),
                    () -> node.newBlock().announcedNanos(),
                    Duration.ofSeconds(10));
        }
        Thread.sleep(slice);
        var warm = load.stopSubmitting();
        System.out.printf(
                "%s: warm-up of %d s done (%,.0f answers/s, p99 %.1f ms; not in the table)%n",
                name, seconds, warm.answeredPerSecond(), warm.p99Millis());
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String stalePercent(LoadGenerator.ShareReport shares) {
        return Double.isNaN(shares.stalePercent())
                ? "n/a"
                : String.format(
                        "%.2f %% (%,d of %,d answers)", shares.stalePercent(), shares.stale(), shares.answered());
    }

    /** Stale % of the answers between block changes: "before: x %, block 1: y %, ...". */
    static String staleByBlock(LoadGenerator.ShareReport shares) {
        return shares.byBlock().stream()
                .map(b -> (b.block() == 0 ? "before" : "block " + b.block()) + ": "
                        + (Double.isNaN(b.stalePercent()) ? "n/a" : String.format("%.1f %%", b.stalePercent())))
                .toList()
                .toString();
    }

    private int sourceCount() {
        return sources > 0 ? sources : Math.max(1, (miners + 4999) / 5000);
    }

    static String table(List<Result> results, LoadGenerator.Mode loadMode) {
        StringBuilder sb = new StringBuilder();
        sb.append("| measure |");
        results.forEach(r -> sb.append(' ').append(r.pool()).append(" |"));
        sb.append("\n|---|");
        results.forEach(r -> sb.append("---|"));
        sb.append('\n');
        row(
                sb,
                results,
                "miners ready",
                r -> r.connect().ready() + " / "
                        + (r.connect().ready() + r.connect().failed()));
        row(
                sb,
                results,
                "all connected (s)",
                r -> String.format("%.2f", r.connect().allConnected().toMillis() / 1000.0));
        row(
                sb,
                results,
                "all ready: subscribed, authorized, first job (s)",
                r -> String.format("%.2f", r.connect().allReady().toMillis() / 1000.0));
        row(
                sb,
                results,
                "warm-up before the measured period (s)",
                r -> r.cold() != null ? "none (cold)" : Integer.toString(r.warmupSeconds()));
        if (loadMode == LoadGenerator.Mode.OPEN) {
            row(
                    sb,
                    results,
                    "offered / sent / answered per second",
                    r -> String.format(
                            "%,.0f / %,.0f / %,.0f",
                            r.shares().offeredPerSecond(),
                            r.shares().submittedPerSecond(),
                            r.shares().answeredPerSecond()));
            row(
                    sb,
                    results,
                    "not sent, load side blocked",
                    r -> String.format("%,d", r.shares().blocked()));
        }
        row(
                sb,
                results,
                "shares answered per second",
                r -> String.format("%,.0f", r.shares().answeredPerSecond()));
        row(
                sb,
                results,
                "unanswered 1 s after the load stopped",
                r -> String.format("%,d", r.shares().unanswered()));
        row(sb, results, "stale rejects (job not found / stale)", r -> stalePercent(r.shares()));
        row(sb, results, "stale, by block change", r -> staleByBlock(r.shares()));
        row(
                sb,
                results,
                "accepted / rejected",
                r -> String.format(
                        "%,d / %,d", r.shares().accepted(), r.shares().rejected()));
        row(
                sb,
                results,
                "submit latency p50 / p99 / max (ms)",
                r -> String.format(
                        "%.2f / %.2f / %.1f",
                        r.shares().p50Millis(),
                        r.shares().p99Millis(),
                        r.shares().maxMillis()));
        row(
                sb,
                results,
                "pool CPU during the load (% of one core)",
                r -> Double.isNaN(r.cpuPercent()) ? "n/a" : String.format("%.0f", r.cpuPercent()));
        row(
                sb,
                results,
                "pool CPU per answered share (µs)",
                r -> Double.isNaN(r.cpuMicrosPerShare()) ? "n/a" : String.format("%.1f", r.cpuMicrosPerShare()));
        row(
                sb,
                results,
                "pool GC during the load: collections / ms / µs per answered share",
                r -> r.gcDuringLoad() == null
                        ? "n/a"
                        : String.format(
                                "%,d / %,d / %.1f",
                                r.gcDuringLoad().collections(), r.gcDuringLoad().millis(), r.gcMicrosPerShare()));
        row(
                sb,
                results,
                "new block to every miner p50 / p99 / max (ms)",
                r -> r.fanout() == null
                        ? "n/a"
                        : String.format(
                                "%.1f / %.1f / %.1f",
                                r.fanout().p50Millis(),
                                r.fanout().p99Millis(),
                                r.fanout().maxMillis()));
        row(
                sb,
                results,
                "miners with the new job, each block",
                r -> r.perBlock().stream()
                        .map(f -> f.received() + "/" + f.miners())
                        .toList()
                        .toString());
        row(
                sb,
                results,
                "RSS before → connected → after load (MB)",
                r -> String.format("%s → %s → %s", mb(r.rssBefore()), mb(r.rssConnected()), mb(r.rssAfter())));
        row(
                sb,
                results,
                "RSS per connection (KB)",
                r -> Double.isNaN(r.rssPerConnection()) ? "n/a" : String.format("%.1f", r.rssPerConnection() / 1024));
        row(
                sb,
                results,
                "heap per connection after GC (KB)",
                r -> Double.isNaN(r.heapPerConnection()) ? "n/a" : String.format("%.1f", r.heapPerConnection() / 1024));
        row(
                sb,
                results,
                "RSS during the load, sampled: first → max → last (MB)",
                r -> MemorySampler.rssSummary(r.memory()));
        row(
                sb,
                results,
                "old generation in use during the load: first → max → last (MB)",
                r -> MemorySampler.heapSummary(r.memory()));
        row(sb, results, "GC time during the load", r -> MemorySampler.gcSummary(r.memory()));
        row(
                sb,
                results,
                "disconnected during load",
                r -> Integer.toString(r.shares().disconnected()));
        if (results.stream().anyMatch(r -> r.cold() != null)) {
            row(
                    sb,
                    results,
                    "cold: spawn → first accepted connection (ms)",
                    r -> r.cold() == null ? "n/a" : r.cold().firstConnectionMillis());
            row(
                    sb,
                    results,
                    "cold: spawn → first accepted share (ms)",
                    r -> r.cold() == null ? "n/a" : r.cold().firstAcceptedMillis());
            int first = results.stream()
                    .filter(r -> r.cold() != null && r.cold().lastSecond() >= 0)
                    .mapToInt(r -> r.cold().firstSecond())
                    .min()
                    .orElse(0);
            int last = results.stream()
                    .filter(r -> r.cold() != null)
                    .mapToInt(r -> r.cold().lastSecond())
                    .max()
                    .orElse(-1);
            // From the first second in which any pool answered: the seconds before are its start and the connects.
            for (int second = first; second <= last; second++) {
                int s = second;
                row(
                        sb,
                        results,
                        "cold: second " + s + " after spawn: answered: submit p50 / p99 (ms)",
                        r -> r.cold() == null ? "n/a" : r.cold().second(s));
            }
        }
        sb.append("\nmode ").append(loadMode.name().toLowerCase(Locale.ROOT)).append('\n');
        return sb.toString();
    }

    private static void row(
            StringBuilder sb, List<Result> results, String name, java.util.function.Function<Result, String> cell) {
        sb.append("| ").append(name).append(" |");
        results.forEach(r -> sb.append(' ').append(cell.apply(r)).append(" |"));
        sb.append('\n');
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.1f", bytes / 1048576.0);
    }

    /** Pins every thread of a process (and the threads it starts later) to one core. */
    private static void taskset(long pid, int core) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(core), Long.toString(pid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("taskset -a -p -c " + core + " " + pid + " failed (exit " + p.exitValue() + ")");
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
