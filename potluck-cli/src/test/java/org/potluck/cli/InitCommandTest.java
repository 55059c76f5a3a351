package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.node.CookieLocator;
import org.potluck.pool.config.ConfigLoader;
import org.potluck.pool.config.PoolConfig;
import picocli.CommandLine;

class InitCommandTest {
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
        System.setProperty("user.home", Files.createDirectories(dir.resolve("home")).toString());
    }

    @AfterEach
    void restoreHome() {
        if (realHome != null) {
            System.setProperty("user.home", realHome);
        }
    }

    /** Where Bitcoin Core writes its cookie for {@code chainDir} under the (test's) home. */
    private Path nodeCookie(String chainDir) throws IOException {
        Path cookie = Files.createDirectories(dir.resolve("home/.bitcoin").resolve(chainDir)).resolve(".cookie");
        return Files.writeString(cookie, "__cookie__:abc");
    }

    private int init(String answers, String... args) {
        return new CommandLine(new InitCommand(new StringReader(answers)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void flagsAloneWriteAConfigThatLoadsAndValidates() throws IOException {
        Path file = dir.resolve("potluck.toml");

        int code = init("", "--yes", "--output", file.toString(), "--network", "signet", "--node-url", "http://127.0.0.1:38332",
                "--rpc-user", "pool", "--rpc-password", "s3cr\"et", "--scheme", "pplns", "--fee-bp", "150",
                "--fee-address", "tb1qoperator", "--stratum-port", "3334", "--web-port", "8081", "--data-dir", "/srv/pool");

        assertThat(code).as(err.toString()).isZero();
        PoolConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.network()).isEqualTo("signet");
        assertThat(c.dataDir()).isEqualTo("/srv/pool");
        assertThat(c.nodes()).containsExactly(new PoolConfig.NodeConfig("http://127.0.0.1:38332", "pool", "s3cr\"et", null, null));
        assertThat(c.payout()).isEqualTo(new PoolConfig.PayoutConfig("pplns", 150, "tb1qoperator"));
        assertThat(c.stratum().port()).isEqualTo(3334);
        assertThat(c.web().port()).isEqualTo(8081);
        assertThat(out.toString()).contains("./potluck run --config " + file);
    }

    @Test
    void theNodeCookieIsFoundInItsUsualPlaceAndTheRpcPortFollowsTheNetwork() throws IOException {
        Path cookie = nodeCookie("regtest");
        Path file = dir.resolve("potluck.toml");

        int code = init("", "--yes", "--output", file.toString(), "--network", "regtest");

        assertThat(code).as(err.toString()).isZero();
        PoolConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.nodes().getFirst()).isEqualTo(new PoolConfig.NodeConfig("http://127.0.0.1:18443", null, null, cookie.toString(), null));
        assertThat(c.payout()).isEqualTo(PoolConfig.PayoutConfig.solo());
        assertThat(out.toString()).contains("Found the node's cookie: " + cookie);
    }

    @Test
    void withACookieOnTheMachineItsNetworkIsTheDefault() throws IOException {
        nodeCookie("signet");
        Path file = dir.resolve("potluck.toml");

        assertThat(init("", "--yes", "--output", file.toString())).as(err.toString()).isZero();

        assertThat(ConfigLoader.load(file, Map.of()).network()).isEqualTo("signet");
    }

    @Test
    void questionsShowTheirDefaultsAndAskAgainAfterAWrongAnswer() throws IOException {
        assumeTrue(CookieLocator.find("test").isEmpty(), "a testnet cookie in /var/lib would skip the user question");
        Path file = dir.resolve("potluck.toml");
        String answers = String.join("\n",
                "testnet",   // network
                "",          // node URL: default for testnet
                "rpcuser",   // no cookie found, so: RPC user
                "rpcpass",   // and password
                "pps",       // scheme: refused, asked again
                "pplns",
                "1.5",       // fee: refused (basis points are whole), asked again
                "200",
                "",          // fee address: required, asked again
                "tb1qfee",
                "",          // stratum port: default
                "9090") + "\n";

        int code = init(answers, "--output", file.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("Bitcoin network (main, testnet4, signet, testnet, regtest) [main]: ")
                .contains("Node RPC URL [http://127.0.0.1:18332]: ")
                .contains("No node cookie found in")
                .contains("scheme \"pps\": expected solo or pplns")
                .contains("\"1.5\": expected a whole number from 0 to 10000")
                .contains("an answer is needed here")
                .contains("Stratum port for miners [3333]: ");
        PoolConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.network()).isEqualTo("testnet");
        assertThat(c.nodes().getFirst()).isEqualTo(new PoolConfig.NodeConfig("http://127.0.0.1:18332", "rpcuser", "rpcpass", null, null));
        assertThat(c.payout()).isEqualTo(new PoolConfig.PayoutConfig("pplns", 200, "tb1qfee"));
        assertThat(c.stratum().port()).isEqualTo(3333);
        assertThat(c.web().port()).isEqualTo(9090);
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws IOException {
        Path file = dir.resolve("potluck.toml");
        Files.writeString(file, "# mine\n");

        assertThat(init("", "--yes", "--output", file.toString(), "--network", "signet")).isNotZero();
        assertThat(Files.readString(file)).isEqualTo("# mine\n");
        assertThat(err.toString()).contains("already exists: use --force");

        assertThat(init("", "--yes", "--force", "--output", file.toString(), "--network", "signet")).isZero();
        assertThat(ConfigLoader.load(file, Map.of()).network()).isEqualTo("signet");
    }

    @Test
    void aFeeWithoutAnAddressCannotBeDefaulted() {
        Path file = dir.resolve("potluck.toml");

        assertThat(init("", "--yes", "--output", file.toString(), "--fee-bp", "100")).isNotZero();
        assertThat(err.toString()).contains("Fee address").contains("give it as a flag");
        assertThat(file).doesNotExist();
    }

    @Test
    void writtenStringsAreEscapedForToml() {
        assertThat(InitCommand.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
        Callable<PoolConfig> roundTrip = () -> ConfigLoader.parse("[[node]]\nurl = \"http://x:1\"\npassword = "
                + InitCommand.quote("p\"w\\\t") + "\nuser = \"u\"\n");
        assertThat(roundTrip).satisfies(r -> assertThat(r.call().nodes().getFirst().password()).isEqualTo("p\"w\\\t"));
    }
}
