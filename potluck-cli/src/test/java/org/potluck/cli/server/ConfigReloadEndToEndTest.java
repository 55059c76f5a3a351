package org.potluck.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.potluck.cli.server.AdminHttp.call;
import static org.potluck.cli.server.AdminHttp.json;
import static org.potluck.cli.server.AdminHttp.login;
import static org.potluck.cli.server.AdminHttp.regtestAddress;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.potluck.cli.config.ConfigLoader;
import org.potluck.node.RegtestNode;
import org.potluck.pool.PoolListener;
import org.potluck.pool.StratumTestClient;
import tools.jackson.databind.JsonNode;

/** POST /admin/reload on a pool started from a TOML file, on a real bcoin regtest node, with miners connected. */
class ConfigReloadEndToEndTest {
    private static final String TOKEN = "reload-admin-token-0123456789";
    private static Path dir;
    private static Path file;
    private static RegtestNode node;
    private static PotluckServer server;

    /** The settings a test may vary; everything else stays as the pool was started. */
    private record Settings(
            int stratumPort,
            double startDifficulty,
            double targetShareSeconds,
            int banSeconds,
            int feeBasisPoints,
            String feeAddress,
            double minDifficulty) {
        static final Settings STARTED = new Settings(0, 0.0005, 5, 60, 0, null, 0.0005 / 64);

        String toml() {
            return String.format(
                    Locale.ROOT,
                    """
                    network = "bcoin-regtest"
                    data_dir = "%s"

                    [stratum]
                    host = "127.0.0.1"
                    port = %d
                    start_difficulty = %s
                    min_difficulty = %s
                    max_difficulty = 1000000.0
                    target_share_seconds = %s
                    ban_seconds = %d

                    [[node]]
                    url = "http://127.0.0.1:%d"
                    user = "potluck"
                    password = "%s"

                    [node_timing]
                    poll_interval_ms = 200

                    [payout]
                    scheme = "solo"
                    fee_basis_points = %d
                    %s

                    [web]
                    host = "127.0.0.1"
                    port = 0
                    admin_token = "%s"
                    """,
                    dir.resolve("pool").toString().replace("\\", "\\\\"),
                    stratumPort,
                    startDifficulty,
                    minDifficulty,
                    targetShareSeconds,
                    banSeconds,
                    node.rpcPort(),
                    node.apiKey(),
                    feeBasisPoints,
                    feeAddress == null ? "" : "fee_address = \"" + feeAddress + "\"",
                    TOKEN);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("potluck-reload");
        file = dir.resolve("potluck.toml");
        node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"));
        Files.writeString(file, Settings.STARTED.toml());
        server = PotluckServer.start(ConfigLoader.load(file), PoolListener.NONE, file);
    }

    @AfterAll
    static void stop() throws Exception {
        AdminHttp.closeAll(server, node);
    }

    /** Every test starts from the settings the pool was started with. */
    @AfterEach
    void restore() throws Exception {
        Files.writeString(file, Settings.STARTED.toml());
        assertThat(reload().statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> reload() throws Exception {
        return call(server.webPort(), "POST", "/admin/reload", TOKEN);
    }

    private static int stratum() {
        return server.pool().stratumAddress().getPort();
    }

    @Test
    void feeChangeReachesAMinerConnectedBeforeTheReload() throws Exception {
        String fee = regtestAddress();
        try (var miner = new StratumTestClient(stratum())) {
            assertThat(login(miner, regtestAddress() + ".rig").get("result").asBoolean())
                    .isTrue();
            miner.next("mining.notify");

            Files.writeString(file, new Settings(0, 0.0005, 5, 60, 250, fee, 0.0005 / 64).toml());
            var response = reload();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).get("changed").toString())
                    .contains("payout.fee_basis_points", "payout.fee_address");

            // Still connected, handed new work, and still answered.
            miner.next("mining.notify");
            miner.sendLine("{\"id\":7,\"method\":\"mining.suggest_difficulty\",\"params\":[0.001]}");
            miner.reply(7);
            assertThat(miner.closedByPool(300)).isFalse();
        }
        JsonNode newest = jobs().getLast().get("job");
        List<String> paid = new ArrayList<>();
        newest.get("outputs").forEach(o -> paid.add(o.get("address").asString()));
        assertThat(paid).contains(fee);
        long feeSats = 0;
        for (JsonNode o : newest.get("outputs")) {
            feeSats += fee.equals(o.get("address").asString()) ? o.get("sats").asLong() : 0;
        }
        assertThat(feeSats).isEqualTo(newest.get("coinbaseValue").asLong() * 250 / 10_000);
    }

    @Test
    void newSessionsTakeTheReloadedStratumSettings() throws Exception {
        Files.writeString(file, new Settings(0, 0.002, 7, 120, 0, null, 0.0005 / 64).toml());
        var response = reload();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("changed").toString())
                .contains("stratum.start_difficulty", "stratum.target_share_seconds", "stratum.ban_seconds");
        assertThat(server.pool().config().stratum().banSeconds()).isEqualTo(120);
        try (var miner = new StratumTestClient(stratum())) {
            login(miner, regtestAddress() + ".fresh");
            assertThat(miner.next("mining.set_difficulty").get("params").get(0).asDouble())
                    .isEqualTo(0.002);
        }
    }

    @Test
    void restartOnlyKeyIsRefusedByNameAndNothingIsApplied() throws Exception {
        Files.writeString(file, new Settings(3999, 0.0005, 5, 60, 300, regtestAddress(), 0.0005 / 64).toml());
        var response = reload();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("restartRequired").toString()).contains("stratum.port");
        assertThat(json(response).get("error").asString()).contains("stratum.port");
        assertThat(server.pool().config().payout().feeBasisPoints())
                .as("fee untouched")
                .isZero();
    }

    @Test
    void invalidConfigIsRefusedWithTheKeyAndNothingIsApplied() throws Exception {
        Files.writeString(file, new Settings(0, 0.0005, 9, 60, 300, regtestAddress(), 0).toml());
        var response = reload();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).contains("stratum.min_difficulty");
        assertThat(server.pool().config().stratum().targetShareSeconds()).isEqualTo(5);
        assertThat(server.pool().config().payout().feeBasisPoints()).isZero();
    }

    @Test
    void reloadNeedsTheTokenAndAConfigFile() throws Exception {
        assertThat(call(server.webPort(), "POST", "/admin/reload", null).statusCode())
                .isEqualTo(401);
        var loaded = ConfigLoader.load(file);
        var config = loaded.withPool(
                loaded.pool().withDataDir(dir.resolve("pool-without-file").toString()));
        try (var fileless = PotluckServer.start(config, PoolListener.NONE)) {
            var response = call(fileless.webPort(), "POST", "/admin/reload", TOKEN);
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(json(response).get("error").asString()).contains("config file");
        }
    }

    /** Every job the public API has published, oldest first. */
    private static List<JsonNode> jobs() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            var response = call(server.webPort(), "GET", "/api/v1/jobs?after=" + after, null);
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> lines =
                    response.body().lines().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                return all;
            }
            for (String line : lines) {
                JsonNode entry = AdminHttp.JSON.readTree(line);
                all.add(entry);
                after = entry.get("cursor").asLong();
            }
        }
    }
}
