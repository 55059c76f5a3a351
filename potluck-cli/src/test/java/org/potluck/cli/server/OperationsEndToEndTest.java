package org.potluck.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.potluck.cli.server.AdminHttp.call;
import static org.potluck.cli.server.AdminHttp.json;
import static org.potluck.cli.server.AdminHttp.login;
import static org.potluck.cli.server.AdminHttp.regtestAddress;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.potluck.cli.config.OpsConfig;
import org.potluck.cli.config.PotluckConfig;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.node.RegtestNode;
import org.potluck.pool.PoolListener;
import org.potluck.pool.StratumTestClient;
import tools.jackson.databind.JsonNode;

/** Health, the admin API and the block webhook, against a real pool on a real bcoin regtest node. */
class OperationsEndToEndTest {
    private static final String TOKEN = "test-admin-token-0123456789";
    private static Path dir;
    private static RegtestNode node;
    private static PotluckServer server;
    private static HttpServer webhook;
    private static final List<String> posts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("potluck-ops");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"));
        var config = PotluckConfig.bcoinRegtest(
                "http://127.0.0.1:" + node.rpcPort(),
                node.apiKey(),
                dir.resolve("pool").toString(),
                0,
                0.0005,
                5);
        config = config.withWeb(config.web().withAdminToken(TOKEN))
                .withOps(
                        new OpsConfig("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook", "text"));
        server = PotluckServer.start(config, PoolListener.NONE);
    }

    @AfterAll
    static void stop() throws Exception {
        AdminHttp.closeAll(server, node, webhook == null ? null : () -> webhook.stop(0));
    }

    private static int web() {
        return server.webPort();
    }

    private static int stratum() {
        return server.pool().stratumAddress().getPort();
    }

    @Test
    void healthAnswersOkOnceThereIsWork() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var response = call(web(), "GET", "/health", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("status").asString()).isEqualTo("ok");
        });
    }

    @Test
    void adminApiRefusesMissingOrWrongToken() throws Exception {
        assertThat(call(web(), "GET", "/admin/sessions", null).statusCode()).isEqualTo(401);
        assertThat(call(web(), "GET", "/admin/sessions", "wrong-token-wrong-token")
                        .statusCode())
                .isEqualTo(401);
        assertThat(call(web(), "POST", "/admin/bans/ip/127.0.0.9", "wrong-token-wrong-token")
                        .statusCode())
                .isEqualTo(401);
        assertThat(server.pool().bans().isBanned(java.net.InetAddress.getByName("127.0.0.9")))
                .isFalse();
    }

    @Test
    void sessionsListConnectedMinersAndKickClosesExactlyThatOne() throws Exception {
        String address = regtestAddress();
        try (var kept = new StratumTestClient(stratum());
                var kicked = new StratumTestClient(stratum())) {
            assertThat(login(kept, address + ".kept").get("result").asBoolean()).isTrue();
            assertThat(login(kicked, address + ".kicked").get("result").asBoolean())
                    .isTrue();
            JsonNode sessions = json(call(web(), "GET", "/admin/sessions", TOKEN));
            String kickedId = null;
            boolean keptListed = false;
            for (JsonNode s : sessions) {
                String user = s.path("user").asString("");
                if (user.equals(address + ".kicked")) {
                    kickedId = s.get("id").asString();
                }
                keptListed |= user.equals(address + ".kept");
            }
            assertThat(keptListed).as("kept session listed").isTrue();
            assertThat(kickedId).as("kicked session listed").isNotNull();

            var response = call(web(), "POST", "/admin/sessions/" + kickedId + "/kick", TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("kicked").asInt()).isEqualTo(1);
            assertThat(kicked.closedByPool(5000)).isTrue();
            assertThat(kept.closedByPool(500)).isFalse();
            assertThat(call(web(), "POST", "/admin/sessions/no-such-session/kick", TOKEN)
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void ipBanKicksAndRefusesThatIpOnlyUntilUnbanned() throws Exception {
        String address = regtestAddress();
        try (var banned = new StratumTestClient("127.0.0.2", stratum())) {
            assertThat(login(banned, address + ".a").get("result").asBoolean()).isTrue();
            var response = call(web(), "POST", "/admin/bans/ip/127.0.0.2?seconds=600", TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("kicked").asInt()).isEqualTo(1);
            assertThat(banned.closedByPool(5000)).isTrue();
        }
        try (var again = new StratumTestClient("127.0.0.2", stratum())) {
            assertThat(again.closedByPool(5000))
                    .as("reconnect from the banned IP is closed")
                    .isTrue();
        }
        try (var other = new StratumTestClient("127.0.0.3", stratum())) {
            assertThat(login(other, address + ".b").get("result").asBoolean()).isTrue();
        }
        assertThat(call(web(), "DELETE", "/admin/bans/ip/127.0.0.2", TOKEN).statusCode())
                .isEqualTo(200);
        try (var back = new StratumTestClient("127.0.0.2", stratum())) {
            assertThat(login(back, address + ".c").get("result").asBoolean()).isTrue();
        }
    }

    @Test
    void addressBanMakesAuthorizeAnswerFalseWithAReason() throws Exception {
        String address = regtestAddress();
        assertThat(call(web(), "POST", "/admin/bans/address/" + address, TOKEN).statusCode())
                .isEqualTo(200);
        try (var client = new StratumTestClient(stratum())) {
            JsonNode reply = login(client, address + ".rig");
            assertThat(reply.get("result").asBoolean()).isFalse();
            assertThat(reply.get("error").toString()).contains("banned");
        }
        assertThat(call(web(), "DELETE", "/admin/bans/address/" + address, TOKEN)
                        .statusCode())
                .isEqualTo(200);
        try (var client = new StratumTestClient(stratum())) {
            assertThat(login(client, address + ".rig").get("result").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void blockFoundIsPostedToTheWebhookWithHeightHashAndFinder() throws Exception {
        String address = regtestAddress();
        var miner = new CpuMiner(
                MinerOptions.parseUrl("stratum+tcp://127.0.0.1:" + stratum(), address + ".cpu", "x", 1, 0, true, null),
                new MinerListener() {});
        try {
            miner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> posts.stream().anyMatch(p -> p.contains(address)));
        } finally {
            miner.close();
        }
        JsonNode post = AdminHttp.JSON.readTree(
                posts.stream().filter(p -> p.contains(address)).findFirst().orElseThrow());
        assertThat(post.get("event").asString()).isEqualTo("block_found");
        assertThat(post.get("finder").asString()).isEqualTo(address);
        assertThat(post.get("height").asInt()).isPositive();
        assertThat(post.get("blockHash").asString()).matches("[0-9a-f]{64}");
        // The node knows the block the webhook announced.
        assertThat(node.rpc()
                        .call("getblock", post.get("blockHash").asString(), true, false)
                        .get("height")
                        .asInt())
                .isEqualTo(post.get("height").asInt());
    }
}
