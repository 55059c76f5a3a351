package org.potluck.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.config.ConfigException;
import org.potluck.node.NodeConfig;
import org.potluck.pool.config.PoolConfig;
import org.potluck.web.WebConfig;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            [[node]]
            url = "http://127.0.0.1:8332"
            """;

    @Test
    void missingSectionsTakeTheirDefaults() {
        PotluckConfig c = ConfigLoader.parse(MINIMAL);

        assertThat(c.pool().network()).isEqualTo("main");
        assertThat(c.pool().stratum().port()).isEqualTo(3333);
        assertThat(c.pool().payout()).isEqualTo(PoolConfig.PayoutConfig.solo());
        assertThat(c.pool().payout().windowMultiplier()).isEqualTo(8);
        assertThat(c.pool().payout().maxOutputs()).isEqualTo(50);
        assertThat(c.pool().payout().minOutputSats()).isEqualTo(10_000);
        assertThat(c.pool().storage().embedded()).isTrue();
        assertThat(c.web()).isEqualTo(new WebConfig("0.0.0.0", 8080, true, ""));
        assertThat(c.web().adminApiEnabled()).isFalse();
        assertThat(c.ops().webhookEnabled()).isFalse();
        assertThat(c.ops().jsonLogs()).isFalse();
    }

    @Test
    void everyNewSectionIsRead() {
        PotluckConfig c = ConfigLoader.parse(MINIMAL + """
                [payout]
                scheme = "pplns"
                fee_basis_points = 150
                fee_address = "wpkh([d34db33f/84h/0h/0h]xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL/0/*)"
                window_multiplier = 2
                donation_basis_points = 50
                donation_address = "bc1qdonation"
                finder_bonus_sats = 100000
                max_outputs = 16
                min_output_sats = 5000
                [storage]
                url = "jdbc:postgresql://127.0.0.1:5432/potluck"
                [web]
                host = "127.0.0.1"
                port = 0
                enabled = false
                admin_token = "0123456789abcdef0123"
                [ops]
                webhook_url = "https://example.org/hook"
                log_format = "json"
                """);

        var p = c.pool().payout();
        assertThat(p.isPplns()).isTrue();
        assertThat(p.feeBasisPoints()).isEqualTo(150);
        assertThat(p.feeAddress()).startsWith("wpkh([d34db33f/84h/0h/0h]xpub");
        assertThat(p.windowMultiplier()).isEqualTo(2);
        assertThat(p.donationBasisPoints()).isEqualTo(50);
        assertThat(p.donationAddress()).isEqualTo("bc1qdonation");
        assertThat(p.finderBonusSats()).isEqualTo(100_000);
        assertThat(p.finderBonusBasisPoints()).isZero();
        assertThat(p.maxOutputs()).isEqualTo(16);
        assertThat(p.minOutputSats()).isEqualTo(5000);
        assertThat(c.pool().storage().postgres()).isTrue();
        assertThat(c.pool().storage().jdbcUrl("ignored")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/potluck");
        assertThat(c.web()).isEqualTo(new WebConfig("127.0.0.1", 0, false, "0123456789abcdef0123"));
        assertThat(c.web().adminApiEnabled()).isTrue();
        assertThat(c.ops().webhookUrl()).isEqualTo("https://example.org/hook");
        assertThat(c.ops().jsonLogs()).isTrue();
    }

    @Test
    void embeddedStorageIsSqliteInsideTheDataDirectory() {
        PotluckConfig c = ConfigLoader.parse("data_dir = \"/var/lib/potluck\"\n" + MINIMAL);

        assertThat(c.pool().storage().jdbcUrl(c.pool().dataDir()))
                .isEqualTo("jdbc:sqlite:" + Path.of("/var/lib/potluck", "shares.db"));
    }

    @Test
    void emptyOptionalStringsMeanNotSet() {
        PotluckConfig c = ConfigLoader.parse("""
                [[node]]
                url = "http://127.0.0.1:8332"
                user = ""
                password = ""
                cookie = ""
                zmq_hashblock = ""
                [payout]
                fee_address = ""
                """);

        assertThat(c.pool().nodes().getFirst())
                .isEqualTo(new NodeConfig("http://127.0.0.1:8332", null, null, null, null));
        assertThat(c.pool().payout().feeAddress()).isNull();
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "[payout]\nfee_adress = \"bc1q\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key 'payout.fee_adress'")
                .hasMessageContaining("fee_address");
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "[webb]\nport = 1\n"))
                .hasMessageContaining("unknown config key 'webb'");
        assertThatThrownBy(() -> ConfigLoader.parse("[[node]]\nurl = \"http://a:1\"\nusr = \"x\"\n"))
                .hasMessageContaining("unknown config key 'node[0].usr'");
    }

    @Test
    void wrongTypesNameTheKeyTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "[web]\nenabled = \"yes\"\n"))
                .hasMessage("config key 'web.enabled' has value \"yes\": expected true or false");
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "[payout]\nfinder_bonus_sats = 1.5\n"))
                .hasMessage("config key 'payout.finder_bonus_sats' has value 1.5: expected a whole number");
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "[web]\nport = \"8080\"\n"))
                .hasMessage("config key 'web.port' has value \"8080\": expected a whole number");
    }

    @Test
    void invalidTomlIsReportedAsSuch() {
        assertThatThrownBy(() -> ConfigLoader.parse("[stratum\nport = 1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("not valid TOML");
    }

    @Test
    void errorsFromAFileNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pool.toml");
        Files.writeString(file, MINIMAL + "[payout]\nscheme = \"pps\"\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage(file + ": config key 'payout.scheme' has value \"pps\": expected \"solo\" or \"pplns\"");
    }

    @Test
    void environmentVariablesOverrideTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pool.toml");
        Files.writeString(file, "network = \"main\"\n" + MINIMAL + "[stratum]\nport = 3333\n");

        PotluckConfig c = ConfigLoader.load(
                file,
                Map.of(
                        "POTLUCK_STRATUM_PORT", "3334",
                        "POTLUCK_NETWORK", "signet",
                        "POTLUCK_DATA_DIR", "/srv/potluck",
                        "POTLUCK_PAYOUT_SCHEME", "pplns",
                        "POTLUCK_PAYOUT_MIN_OUTPUT_SATS", "20000",
                        "POTLUCK_STRATUM_START_DIFFICULTY", "0.5",
                        "POTLUCK_STRATUM_VERSION_MASK", "1fffe000",
                        "POTLUCK_WEB_ENABLED", "FALSE",
                        "POTLUCK_NODE_TIMING_POLL_INTERVAL_MS", "250",
                        "POTLUCK_OPS_LOG_FORMAT", "json"));

        assertThat(c.pool().stratum().port()).isEqualTo(3334);
        assertThat(c.pool().network()).isEqualTo("signet");
        assertThat(c.pool().dataDir()).isEqualTo("/srv/potluck");
        assertThat(c.pool().payout().scheme()).isEqualTo("pplns");
        assertThat(c.pool().payout().minOutputSats()).isEqualTo(20_000);
        assertThat(c.pool().stratum().startDifficulty()).isEqualTo(0.5);
        assertThat(c.web().enabled()).isFalse();
        assertThat(c.pool().nodeTiming().pollIntervalMillis()).isEqualTo(250);
        assertThat(c.pool().nodes()).hasSize(1);
        assertThat(c.ops().jsonLogs()).isTrue();
    }

    @Test
    void environmentVariablesReplaceAndAddNodesByIndex() {
        PotluckConfig c = ConfigLoader.parse(
                MINIMAL,
                Map.of(
                        "POTLUCK_NODE_0_URL", "http://10.0.0.1:8332",
                        "POTLUCK_NODE_1_URL", "http://10.0.0.2:8332",
                        "POTLUCK_NODE_1_USER", "rpc",
                        "POTLUCK_NODE_1_PASSWORD", "secret"));

        assertThat(c.pool().nodes())
                .containsExactly(
                        new NodeConfig("http://10.0.0.1:8332", null, null, null, null),
                        new NodeConfig("http://10.0.0.2:8332", "rpc", "secret", null, null));
    }

    @Test
    void aWholeConfigCanComeFromTheEnvironment() {
        PotluckConfig c = ConfigLoader.parse(
                "", Map.of("POTLUCK_NODE_0_URL", "http://bitcoind:38332", "POTLUCK_NETWORK", "signet"));

        assertThat(c.pool().nodes()).extracting(NodeConfig::url).containsExactly("http://bitcoind:38332");
    }

    @Test
    void aNodeIndexWithAGapIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, Map.of("POTLUCK_NODE_2_URL", "http://10.0.0.3:8332")))
                .hasMessageContaining("POTLUCK_NODE_2_URL")
                .hasMessageContaining("without gaps");
    }

    @Test
    void environmentErrorsNameTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, Map.of("POTLUCK_STRATUM_PORT", "33a3")))
                .hasMessage(
                        "environment variable POTLUCK_STRATUM_PORT (config key 'stratum.port') has value \"33a3\": expected a whole number");
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, Map.of("POTLUCK_WEB_ENABLED", "yes")))
                .hasMessageContaining("POTLUCK_WEB_ENABLED")
                .hasMessageContaining("true or false");
        // The value parses but breaks a rule checked later: still the variable is named, not the file.
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, Map.of("POTLUCK_PAYOUT_SCHEME", "pps")))
                .hasMessage(
                        "environment variable POTLUCK_PAYOUT_SCHEME: config key 'payout.scheme' has value \"pps\": expected \"solo\" or \"pplns\"");
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, Map.of("POTLUCK_NODE_0_URL", "127.0.0.1:8332")))
                .hasMessageStartingWith("environment variable POTLUCK_NODE_0_URL: config key 'node[0].url'");
    }

    @Test
    void aMisspelledVariableInAKnownSectionIsRefusedButOtherPotluckVariablesAreLeftAlone() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, Map.of("POTLUCK_STRATUM_PROT", "3334")))
                .hasMessageContaining("POTLUCK_STRATUM_PROT names no config key")
                .hasMessageContaining("POTLUCK_STRATUM_PORT");

        PotluckConfig c = ConfigLoader.parse(
                MINIMAL, Map.of("POTLUCK_LOG", "debug", "POTLUCK_LOG_FORMAT", "json", "PATH", "/usr/bin"));
        assertThat(c).isEqualTo(ConfigLoader.parse(MINIMAL));
    }

    @Test
    void eachKeyHasOneEnvironmentVariable() {
        assertThat(ConfigLoader.environmentVariable("stratum.port")).isEqualTo("POTLUCK_STRATUM_PORT");
        assertThat(ConfigLoader.environmentVariable("network")).isEqualTo("POTLUCK_NETWORK");
        assertThat(ConfigLoader.environmentVariable("node.url")).isEqualTo("POTLUCK_NODE_0_URL");
        assertThat(ConfigLoader.environmentVariable("node_timing.poll_interval_ms"))
                .isEqualTo("POTLUCK_NODE_TIMING_POLL_INTERVAL_MS");
        assertThatThrownBy(() -> ConfigLoader.environmentVariable("stratum.prot"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyKnownKeyCanBeSetFromTheEnvironment() {
        // Round trip: a variable for every key, each with a value that is valid on its own, must load.
        var env = new java.util.HashMap<String, String>();
        for (String key : ConfigLoader.knownKeys()) {
            env.put(
                    ConfigLoader.environmentVariable(key),
                    switch (key) {
                        case "network" -> "signet";
                        case "data_dir", "stratum.host", "web.host", "stratum.coinbase_tag" -> "x";
                        case "stratum.version_mask" -> "1fffe000";
                        case "node.url" -> "http://127.0.0.1:38332";
                        case "node.user",
                                "node.password",
                                "node.cookie",
                                "payout.fee_address",
                                "payout.donation_address" -> "v";
                        case "node.zmq_hashblock" -> "tcp://127.0.0.1:28332";
                        case "payout.scheme" -> "pplns";
                        case "payout.finder_bonus_basis_points", "payout.finder_bonus_sats" ->
                            key.endsWith("sats") ? "0" : "10";
                        case "storage.url" -> "jdbc:sqlite:/tmp/x.db";
                        case "web.enabled", "web.admin_allow_remote" -> "true";
                        case "web.port" -> "8081";
                        case "web.admin_token" -> "0123456789abcdef";
                        case "ops.webhook_url" -> "http://127.0.0.1:9/hook";
                        case "ops.log_format" -> "json";
                        case "stratum.max_line_bytes" -> "4096";
                        case "node_timing.poll_interval_ms" -> "100";
                        default -> "7";
                    });
        }

        PotluckConfig c = ConfigLoader.parse("", env);

        assertThat(c.web().port()).isEqualTo(8081);
        assertThat(c.pool().payout().finderBonusBasisPoints()).isEqualTo(10);
        assertThat(c.pool().payout().maxOutputs()).isEqualTo(7);
        assertThat(c.pool().stratum().banSeconds()).isEqualTo(7);
        assertThat(c.pool().nodes().getFirst().zmqHashBlock()).isEqualTo("tcp://127.0.0.1:28332");
    }
}
