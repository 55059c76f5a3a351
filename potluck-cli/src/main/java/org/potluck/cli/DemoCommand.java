package org.potluck.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.potluck.bitcoin.Base58;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.cli.config.PotluckConfig;
import org.potluck.cli.server.PotluckServer;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerOptions;
import org.potluck.node.RegtestNode;
import org.potluck.node.SubmitResult;
import org.potluck.pool.Pool;
import org.potluck.pool.PoolListener;
import org.potluck.pool.config.PoolConfig;
import org.potluck.store.AcceptedShare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * Everything on one machine: a real regtest full node, the pool, and a few CPU miners with their own addresses. Prints
 * what a person wants to see, and at the end asks the node itself which address each found block paid.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run a regtest node, the pool and a few CPU miners, and show blocks being found.")
final class DemoCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Option(
            names = "--duration",
            converter = Durations.class,
            description = "stop after this long (e.g. 90s); default: until Ctrl-C")
    Duration duration;

    @Option(names = "--miners", defaultValue = "3", description = "how many CPU miners (default: ${DEFAULT-VALUE})")
    int miners;

    @Option(
            names = "--scheme",
            defaultValue = "solo",
            description = "payout scheme: solo or pplns (default: ${DEFAULT-VALUE})")
    String scheme;

    @Option(
            names = "--web-port",
            defaultValue = "8080",
            description = "dashboard port; a free one is picked if it is taken (default: ${DEFAULT-VALUE})")
    int webPort;

    @Option(
            names = "--port",
            defaultValue = "3333",
            description = "stratum port; a free one is picked if it is taken (default: ${DEFAULT-VALUE})")
    int port;

    private final List<BlockSeen> blocks = new CopyOnWriteArrayList<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();

    private record BlockSeen(PoolListener.BlockFound block, SubmitResult result) {}

    @Override
    public Integer call() throws Exception {
        if (miners < 1 || miners > 10) {
            throw new IllegalArgumentException("--miners must be 1 to 10");
        }
        quietPoolLogs();
        say(
                "Potluck demo: a real regtest full node (bcoin), the pool, and %d CPU miners with their own addresses.",
                miners);
        Path home = RegtestNode.defaultInstallDir();
        Path work = Files.createTempDirectory("potluck-demo-");
        say("starting the regtest node (installed under %s; the first run installs it with npm, once)", home);
        var stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        try (RegtestNode node = RegtestNode.start(home, work.resolve("node.log"))) {
            say(
                    "node: bcoin regtest, RPC on 127.0.0.1:%d, at height %d",
                    node.rpcPort(), node.rpc().getBlockCount());
            var config = PotluckConfig.bcoinRegtest(
                    "http://127.0.0.1:" + node.rpcPort(),
                    node.apiKey(),
                    work.resolve("pool").toString(),
                    portOrFree(port),
                    PoolConfig.REGTEST_START_DIFFICULTY,
                    10);
            if (scheme.equals("pplns")) {
                config = config.withPool(config.pool()
                        .withPayout(PoolConfig.PayoutConfig.pplns()
                                .withWindowMultiplier(PoolConfig.PayoutConfig.REGTEST_WINDOW_MULTIPLIER)));
            } else if (!scheme.equals("solo")) {
                throw new IllegalArgumentException("--scheme must be solo or pplns, not " + scheme);
            }
            config = config.withWeb(config.web().withPort(portOrFree(webPort)));
            try (PotluckServer server = PotluckServer.start(config, new Console())) {
                Pool pool = server.pool();
                String url = "stratum+tcp://127.0.0.1:" + pool.stratumAddress().getPort();
                say(
                        "dashboard: http://127.0.0.1:%d/   (public share API: /api/v1/shares, metrics: /metrics)",
                        server.webPort());
                say(
                        "check the pool yourself, in another terminal: ./potluck verify --pool http://127.0.0.1:%d --node http://potluck:%s@127.0.0.1:%d",
                        server.webPort(), node.apiKey(), node.rpcPort());
                say(
                        "pool: %s (%s)",
                        url,
                        scheme.equals("solo")
                                ? "solo payouts: each block pays its finder"
                                : "PPLNS: each block pays everyone in the window of recent shares, by difficulty");
                List<CpuMiner> running = new ArrayList<>();
                try {
                    String[] who = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};
                    for (int i = 0; i < miners; i++) {
                        String address = regtestAddress(i);
                        names.put(address, who[i]);
                        say("miner %s pays to %s", who[i], address);
                        // Different speeds, so that PPLNS shares differ: the first miner gets two threads.
                        int threads = i == 0 && scheme.equals("pplns") ? 2 : 1;
                        var miner = new CpuMiner(
                                MinerOptions.parseUrl(
                                        url, address + "." + who[i], "x", threads, 0, true, "potluck-demo/" + who[i]),
                                new org.potluck.miner.MinerListener() {});
                        running.add(miner);
                        miner.start();
                    }
                    if (duration == null) {
                        say("running until Ctrl-C");
                        stop.await();
                    } else {
                        say("running for %d s", duration.toSeconds());
                        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } finally {
                    running.forEach(CpuMiner::close);
                }
                say(
                        "stopping: %d shares recorded in the journal",
                        pool.journal().lastSequence());
            }
            confirmWithNode(node);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is already on its way out, which is what we wanted
            }
        }
        return blocks.stream().anyMatch(b -> b.result().accepted()) || duration == null ? 0 : 2;
    }

    /**
     * The demo narrates connections, shares and blocks itself, so the pool's own INFO lines would only say everything
     * twice; warnings and errors still show. POTLUCK_LOG=info (or debug) brings them back.
     */
    private static void quietPoolLogs() {
        if (System.getenv("POTLUCK_LOG") == null
                && org.slf4j.LoggerFactory.getLogger("org.potluck") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** "alice 20.00000000, bob 30.00000000 BTC": who a coinbase pays, by demo name. */
    private String split(org.potluck.pool.payout.PayoutPlan plan) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < plan.outputs().size(); i++) {
            parts.add(
                    names.getOrDefault(plan.addresses().get(i), plan.addresses().get(i)) + " "
                            + btc(plan.outputs().get(i).value()));
        }
        return String.join(", ", parts) + " BTC";
    }

    /**
     * The node is the judge: ask it which accepted blocks are in its best chain (two blocks at one height can both be
     * accepted, one of them on a side branch that pays nobody), and what each of those coinbases paid, output by output.
     */
    private void confirmWithNode(RegtestNode node) {
        List<BlockSeen> accepted =
                blocks.stream().filter(b -> b.result().accepted()).toList();
        say(
                "%d blocks found and accepted by the node; checking each with the node's getblockhash and getblock:",
                accepted.size());
        int inChain = 0;
        int confirmed = 0;
        for (BlockSeen seen : accepted) {
            var b = seen.block();
            var plan = b.job().plan();
            if (!inBestChain(node.rpc(), b.height(), b.blockHash())) {
                say(
                        "  block %d %s: ORPHANED, the node's best chain has another block at that height; it paid nobody",
                        b.height(), b.blockHash().substring(0, 16) + "…");
                continue;
            }
            inChain++;
            JsonNode coinbase = node.rpc()
                    .call("getblock", b.blockHash(), true, true)
                    .get("tx")
                    .get(0);
            List<String> paid = new ArrayList<>();
            for (JsonNode out : coinbase.get("vout")) {
                long value = Math.round(out.get("value").asDouble() * 1e8);
                if (value > 0) {
                    paid.add(out.get("scriptPubKey").get("hex").asString() + ":" + value);
                }
            }
            List<String> planned = new ArrayList<>();
            for (var out : plan.outputs()) {
                planned.add(Hex.encode(out.scriptPubKey()) + ":" + out.value());
            }
            boolean pays = paid.equals(planned);
            if (pays) {
                confirmed++;
            }
            say(
                    "  block %d %s: the node's coinbase %s %s",
                    b.height(),
                    b.blockHash().substring(0, 16) + "…",
                    pays ? "pays" : "DOES NOT PAY what the pool planned:",
                    split(plan));
        }
        say(
                "%d of %d accepted blocks are in the node's best chain (%d orphaned); %d of them confirmed by the node to pay"
                        + " what the pool %s.",
                inChain,
                accepted.size(),
                accepted.size() - inChain,
                confirmed,
                scheme.equals("solo") ? "promised their finder" : "computed from the PPLNS window");
    }

    /** Whether the node's best chain holds this block at its height (an accepted block may be on a side branch). */
    static boolean inBestChain(org.potluck.node.NodeRpc rpc, int height, String blockHash) {
        return height <= rpc.getBlockCount() && rpc.getBlockHash(height).equalsIgnoreCase(blockHash);
    }

    /** A fresh address of each kind in turn: P2WPKH, P2TR, P2PKH (keys are random: these coins are regtest play money). */
    private static String regtestAddress(int i) {
        var random = new SecureRandom();
        return switch (i % 3) {
            case 0 -> Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, random.generateSeed(20));
            case 1 -> Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 1, random.generateSeed(32));
            default -> {
                byte[] payload = new byte[21];
                payload[0] = (byte) Network.BCOIN_REGTEST.p2pkhVersion();
                System.arraycopy(random.generateSeed(20), 0, payload, 1, 20);
                yield Base58.encodeChecked(payload);
            }
        };
    }

    private static int portOrFree(int wanted) {
        try (var probe = new ServerSocket(wanted)) {
            probe.setReuseAddress(true);
            return wanted;
        } catch (IOException taken) {
            return 0;
        }
    }

    private static String btc(long sats) {
        return String.format("%d.%08d", sats / 100_000_000, sats % 100_000_000);
    }

    private static void say(String format, Object... args) {
        System.out.println(LocalTime.now().format(CLOCK) + " " + String.format(format, args));
    }

    /** The demo's narration of pool events. */
    private final class Console implements PoolListener {
        @Override
        public void minerAuthorized(String user, String userAgent, String remote, double difficulty) {
            say("miner %s connected from %s (%s), starting difficulty %s", user, remote, userAgent, difficulty);
        }

        @Override
        public void shareAccepted(AcceptedShare share) {
            say(
                    "share from %s.%s accepted (difficulty %s, hash reached %.4g)%s",
                    names.getOrDefault(share.address(), share.address()),
                    share.worker(),
                    share.difficulty(),
                    share.hashDifficulty(),
                    share.block() ? " — it is a block!" : "");
        }

        @Override
        public void blockFound(BlockFound block, SubmitResult result) {
            blocks.add(new BlockSeen(block, result));
            say(
                    "BLOCK %d %s by %s: node says %s; coinbase pays %s",
                    block.height(),
                    block.blockHash(),
                    names.getOrDefault(block.address(), block.address()),
                    result.outcome(),
                    split(block.job().plan()));
        }

        @Override
        public void nodeDown(String reason) {
            say("node unreachable: %s (miners stay connected; retrying)", reason);
        }
    }
}
