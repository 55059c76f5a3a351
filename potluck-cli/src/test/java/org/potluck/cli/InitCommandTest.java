package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.accounting.PplnsWindow;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;
import org.potluck.cli.config.ConfigLoader;
import org.potluck.cli.config.PotluckConfig;
import org.potluck.cli.server.PotluckServer;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.node.CookieLocator;
import org.potluck.node.NodeConfig;
import org.potluck.node.RegtestNode;
import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;
import org.potluck.pool.config.PoolConfig;
import picocli.CommandLine;

class InitCommandTest {
    /** Read before any test moves user.home, so that the real node is the one installed for every other test. */
    private static final Path NODE_INSTALL = RegtestNode.defaultInstallDir();

    private static final int REGTEST_BITS = 0x207fffff;
    private static RegtestNode node;

    @TempDir
    Path dir;

    private String realHome;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** CookieLocator looks under the user's home: point it at an empty folder so this machine's node does not leak in. */
    @BeforeEach
    void isolateHome() throws IOException {
        assumeTrue(System.getenv("BITCOIN_DATADIR") == null, "BITCOIN_DATADIR would be searched first");
        realHome = System.getProperty("user.home");
        System.setProperty(
                "user.home", Files.createDirectories(dir.resolve("home")).toString());
    }

    @AfterEach
    void restoreHome() {
        if (realHome != null) {
            System.setProperty("user.home", realHome);
        }
    }

    /** One real bcoin regtest node for the tests that need an answer from a node, started by the first of them. */
    private static synchronized RegtestNode node() throws IOException {
        if (node == null) {
            node = RegtestNode.start(NODE_INSTALL, null);
        }
        return node;
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private String nodeUrl() throws IOException {
        return "http://127.0.0.1:" + node().rpcPort();
    }

    /** Where Bitcoin Core writes its cookie for {@code chainDir} under the (test's) home. */
    private Path nodeCookie(String chainDir) throws IOException {
        Path cookie = Files.createDirectories(dir.resolve("home/.bitcoin").resolve(chainDir))
                .resolve(".cookie");
        return Files.writeString(cookie, "__cookie__:abc");
    }

    private int init(String answers, String... args) {
        return new CommandLine(new InitCommand(new StringReader(answers)))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void flagsAloneWriteAConfigThatLoadsAndValidates() throws IOException {
        Path file = dir.resolve("potluck.toml");

        int code = init(
                "",
                "--yes",
                "--skip-node-check",
                "--output",
                file.toString(),
                "--network",
                "signet",
                "--node-url",
                "http://127.0.0.1:38332",
                "--rpc-user",
                "pool",
                "--rpc-password",
                "s3cr\"et",
                "--scheme",
                "pplns",
                "--fee-bp",
                "150",
                "--fee-address",
                "tb1qoperator",
                "--stratum-port",
                "3334",
                "--web-port",
                "8081",
                "--data-dir",
                "/srv/pool");

        assertThat(code).as(err.toString()).isZero();
        PotluckConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.pool().network()).isEqualTo("signet");
        assertThat(c.pool().dataDir()).isEqualTo("/srv/pool");
        assertThat(c.pool().nodes())
                .containsExactly(new NodeConfig("http://127.0.0.1:38332", "pool", "s3cr\"et", null, null));
        assertThat(c.pool().payout()).isEqualTo(new PoolConfig.PayoutConfig("pplns", 150, "tb1qoperator"));
        assertThat(c.pool().stratum().port()).isEqualTo(3334);
        assertThat(c.web().port()).isEqualTo(8081);
        assertThat(out.toString()).contains("./potluck run --config " + file);
    }

    @Test
    void theNodeCookieIsFoundInItsUsualPlaceAndTheRpcPortFollowsTheNetwork() throws IOException {
        Path cookie = nodeCookie("regtest");
        Path file = dir.resolve("potluck.toml");

        int code = init("", "--yes", "--skip-node-check", "--output", file.toString(), "--network", "regtest");

        assertThat(code).as(err.toString()).isZero();
        PotluckConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.pool().nodes().getFirst())
                .isEqualTo(new NodeConfig("http://127.0.0.1:18443", null, null, cookie.toString(), null));
        assertThat(c.pool().payout()).isEqualTo(PoolConfig.PayoutConfig.solo());
        assertThat(out.toString()).contains("Found the node's cookie: " + cookie);
    }

    @Test
    void withACookieOnTheMachineItsNetworkIsTheDefault() throws IOException {
        nodeCookie("signet");
        Path file = dir.resolve("potluck.toml");

        assertThat(init("", "--yes", "--skip-node-check", "--output", file.toString()))
                .as(err.toString())
                .isZero();

        assertThat(ConfigLoader.load(file, Map.of()).pool().network()).isEqualTo("signet");
    }

    @Test
    void questionsShowTheirDefaultsAndAskAgainAfterAWrongAnswer() throws IOException {
        assumeTrue(CookieLocator.find("test").isEmpty(), "a testnet cookie in /var/lib would skip the user question");
        Path file = dir.resolve("potluck.toml");
        String answers = String.join(
                        "\n", "testnet", // network
                        "", // node URL: default for testnet
                        "rpcuser", // no cookie found, so: RPC user
                        "rpcpass", // and password
                        "pps", // scheme: refused, asked again
                        "pplns", "1.5", // fee: refused (basis points are whole), asked again
                        "200", "", // fee address: required, asked again
                        "tb1qfee", "", // stratum port: default
                        "9090")
                + "\n";

        int code = init(answers, "--skip-node-check", "--output", file.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("Bitcoin network (main, testnet4, signet, testnet, regtest) [main]: ")
                .contains("Node RPC URL [http://127.0.0.1:18332]: ")
                .contains("No node cookie found in")
                .contains("scheme \"pps\": expected solo or pplns")
                .contains("\"1.5\": expected a whole number from 0 to 10000")
                .contains("an answer is needed here")
                .contains("Stratum port for miners [3333]: ");
        PotluckConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.pool().network()).isEqualTo("testnet");
        assertThat(c.pool().nodes().getFirst())
                .isEqualTo(new NodeConfig("http://127.0.0.1:18332", "rpcuser", "rpcpass", null, null));
        assertThat(c.pool().payout()).isEqualTo(new PoolConfig.PayoutConfig("pplns", 200, "tb1qfee"));
        assertThat(c.pool().stratum().port()).isEqualTo(3333);
        assertThat(c.web().port()).isEqualTo(9090);
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws IOException {
        Path file = dir.resolve("potluck.toml");
        Files.writeString(file, "# mine\n");

        assertThat(init("", "--yes", "--output", file.toString(), "--network", "signet"))
                .isNotZero();
        assertThat(Files.readString(file)).isEqualTo("# mine\n");
        assertThat(err.toString()).contains("already exists: use --force");

        assertThat(init(
                        "",
                        "--yes",
                        "--skip-node-check",
                        "--force",
                        "--output",
                        file.toString(),
                        "--network",
                        "signet"))
                .isZero();
        assertThat(ConfigLoader.load(file, Map.of()).pool().network()).isEqualTo("signet");
    }

    @Test
    void aFeeWithoutAnAddressCannotBeDefaulted() {
        Path file = dir.resolve("potluck.toml");

        assertThat(init("", "--yes", "--skip-node-check", "--output", file.toString(), "--fee-bp", "100"))
                .isNotZero();
        assertThat(err.toString()).contains("Fee address").contains("give it as a flag");
        assertThat(file).doesNotExist();
    }

    @Test
    void writtenStringsAreEscapedForToml() {
        assertThat(InitCommand.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
        Callable<PotluckConfig> roundTrip = () -> ConfigLoader.parse(
                "[[node]]\nurl = \"http://x:1\"\npassword = " + InitCommand.quote("p\"w\\\t") + "\nuser = \"u\"\n");
        assertThat(roundTrip)
                .satisfies(r -> assertThat(r.call().pool().nodes().getFirst().password())
                        .isEqualTo("p\"w\\\t"));
    }

    @Test
    void aWrongRpcPasswordIsRefusedByNameAndNothingIsWritten() throws IOException {
        Path file = dir.resolve("potluck.toml");

        int code = init(
                "",
                "--yes",
                "--output",
                file.toString(),
                "--network",
                "bcoin-regtest",
                "--node-url",
                nodeUrl(),
                "--rpc-user",
                "potluck",
                "--rpc-password",
                "not-" + node().apiKey());

        assertThat(code).isNotZero();
        assertThat(err.toString())
                .contains("rejected the RPC credentials")
                .contains("RPC user 'potluck'")
                .contains("the password is wrong")
                .contains("Nothing was written");
        assertThat(out.toString()).doesNotContain("Start the pool");
        assertThat(file).doesNotExist();
    }

    @Test
    void theRightPasswordIsCheckedWithTheNodeBeforeTheFileIsWritten() throws IOException {
        Path file = dir.resolve("potluck.toml");

        int code = init(
                "",
                "--yes",
                "--output",
                file.toString(),
                "--network",
                "bcoin-regtest",
                "--node-url",
                nodeUrl(),
                "--rpc-user",
                "potluck",
                "--rpc-password",
                node().apiKey());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("The node at " + nodeUrl() + " answers: chain regtest, block ")
                .contains("Start the pool with: ./potluck run --config " + file);
        assertThat(ConfigLoader.load(file, Map.of()).pool().nodes().getFirst().password())
                .isEqualTo(node().apiKey());
    }

    @Test
    void aNodeOfAnotherNetworkIsRefused() throws IOException {
        Path file = dir.resolve("potluck.toml");

        int code = init(
                "",
                "--yes",
                "--output",
                file.toString(),
                "--network",
                "signet",
                "--node-url",
                nodeUrl(),
                "--rpc-user",
                "potluck",
                "--rpc-password",
                node().apiKey());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("runs chain \"regtest\", but the config is for network \"signet\"");
        assertThat(file).doesNotExist();
    }

    @Test
    void aCookieTheNodeRefusesIsNamed() throws IOException {
        Path cookie = nodeCookie("regtest");
        Path file = dir.resolve("potluck.toml");

        int code = init("", "--yes", "--output", file.toString(), "--network", "regtest", "--node-url", nodeUrl());

        assertThat(code).isNotZero();
        assertThat(err.toString())
                .contains("rejected the RPC credentials")
                .contains("cookie file " + cookie)
                .contains("Nothing was written");
        assertThat(file).doesNotExist();
    }

    @Test
    void aMissingCookieIsNamedWithThePlacesLookedAt() {
        Path file = dir.resolve("potluck.toml");

        int code = init("", "--yes", "--output", file.toString(), "--network", "regtest");

        assertThat(code).isNotZero();
        assertThat(err.toString())
                .contains("no RPC cookie found in [" + dir.resolve("home/.bitcoin/regtest/.cookie"))
                .contains("--rpc-user and --rpc-password")
                .contains("Nothing was written");
        assertThat(file).doesNotExist();
    }

    @Test
    void aNodeThatIsNotListeningIsNamed() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path file = dir.resolve("potluck.toml");

        int code = init(
                "",
                "--yes",
                "--output",
                file.toString(),
                "--network",
                "signet",
                "--node-url",
                "http://127.0.0.1:" + closedPort,
                "--rpc-user",
                "u",
                "--rpc-password",
                "p");

        assertThat(code).isNotZero();
        assertThat(err.toString())
                .contains("127.0.0.1:" + closedPort + " refused the connection")
                .contains("is the node running with server=1")
                .contains("RPC port 38332");
        assertThat(file).doesNotExist();
    }

    /**
     * Regtest's network difficulty is about 4.7e-10: a PPLNS window of 8 times that held one CPU share, so "PPLNS" paid
     * only the last share's miner. Init's regtest window holds over a hundred shares of the difficulty it starts at.
     */
    @Test
    void onRegtestThePplnsWindowHoldsManyCpuShares() throws IOException {
        Path file = dir.resolve("potluck.toml");

        int code = init(
                "",
                "--yes",
                "--output",
                file.toString(),
                "--network",
                "bcoin-regtest",
                "--node-url",
                nodeUrl(),
                "--rpc-user",
                "potluck",
                "--rpc-password",
                node().apiKey(),
                "--scheme",
                "pplns");

        assertThat(code).as(err.toString()).isZero();
        PotluckConfig c = ConfigLoader.load(file, Map.of());
        BigDecimal window =
                PplnsWindow.windowSize(BigDecimal.valueOf(c.pool().payout().windowMultiplier()), REGTEST_BITS);
        assertThat(window.divide(BigDecimal.valueOf(c.pool().stratum().startDifficulty()), MathContext.DECIMAL64))
                .isGreaterThanOrEqualTo(BigDecimal.valueOf(100));
        assertThat(out.toString())
                .contains("window_multiplier = " + c.pool().payout().windowMultiplier());
    }

    /** What an operator sees on regtest: `init --scheme pplns`, `run`, three CPU miners, and each of them in a split. */
    @Test
    void onRegtestThreeCpuMinersAllShareABlockWithTheConfigInitWrites() throws Exception {
        Path file = dir.resolve("potluck.toml");
        assertThat(init(
                        "",
                        "--yes",
                        "--output",
                        file.toString(),
                        "--network",
                        "bcoin-regtest",
                        "--node-url",
                        nodeUrl(),
                        "--rpc-user",
                        "potluck",
                        "--rpc-password",
                        node().apiKey(),
                        "--scheme",
                        "pplns",
                        "--stratum-port",
                        "0",
                        "--web-port",
                        "0",
                        "--data-dir",
                        dir.resolve("data").toString()))
                .as(err.toString())
                .isZero();
        Set<String> miners = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            miners.add(Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, new SecureRandom().generateSeed(20)));
        }
        var largestSplit = new AtomicInteger();
        PoolListener splits = new PoolListener() {
            @Override
            public void blockFound(BlockFound block, SubmitResult result) {
                Set<String> paid = new HashSet<>(block.job().plan().addresses());
                paid.retainAll(miners);
                largestSplit.accumulateAndGet(paid.size(), Math::max);
            }
        };
        List<CpuMiner> running = new ArrayList<>();
        try (PotluckServer server = PotluckServer.start(ConfigLoader.load(file, Map.of()), splits)) {
            for (String address : miners) {
                var miner = new CpuMiner(
                        MinerOptions.parseUrl(
                                "stratum+tcp://127.0.0.1:"
                                        + server.pool().stratumAddress().getPort(),
                                address + ".cpu",
                                "x",
                                1,
                                0,
                                true,
                                null),
                        new MinerListener() {});
                running.add(miner);
                miner.start();
            }
            await().atMost(Duration.ofSeconds(180))
                    .untilAsserted(() -> assertThat(largestSplit.get()).isEqualTo(3));
        } finally {
            running.forEach(CpuMiner::close);
        }
    }
}
