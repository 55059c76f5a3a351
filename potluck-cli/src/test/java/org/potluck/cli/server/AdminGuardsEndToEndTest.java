package org.potluck.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.potluck.cli.server.AdminHttp.call;
import static org.potluck.cli.server.AdminHttp.login;
import static org.potluck.cli.server.AdminHttp.regtestAddress;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.potluck.cli.config.PotluckConfig;
import org.potluck.node.RegtestNode;
import org.potluck.pool.PoolListener;
import org.potluck.pool.StratumTestClient;
import org.potluck.web.WebConfig;

/**
 * The admin API's guards, on real pools on a real bcoin regtest node: ban lengths and addresses it refuses, bans kept
 * across a restart, and answers only to requests from this machine unless told otherwise.
 */
class AdminGuardsEndToEndTest {
    private static final String TOKEN = "guards-admin-token-0123456789";
    private static Path dir;
    private static RegtestNode node;

    @BeforeAll
    static void startNode() throws Exception {
        dir = Files.createTempDirectory("potluck-admin-guards");
        node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"));
    }

    @AfterAll
    static void stopNode() throws Exception {
        AdminHttp.closeAll(node);
    }

    private static PotluckConfig config(String dataDir, UnaryOperator<WebConfig> web) {
        var config = PotluckConfig.bcoinRegtest(
                "http://127.0.0.1:" + node.rpcPort(),
                node.apiKey(),
                dir.resolve(dataDir).toString(),
                0,
                0.0005,
                5);
        return config.withWeb(web.apply(config.web().withAdminToken(TOKEN)));
    }

    private static PotluckConfig config(String dataDir) {
        return config(dataDir, w -> w);
    }

    @Test
    void banLengthsOutsideOneSecondToTenYearsAreRefusedWith400AndBanNothing() throws Exception {
        try (var server = PotluckServer.start(config("lengths"), PoolListener.NONE)) {
            InetAddress ip = InetAddress.ofLiteral("127.0.0.21");
            for (String seconds :
                    new String[] {"9300000000", "0", "-5", "abc", "1e9", "" + (10L * 366 * 24 * 3600 + 1)}) {
                var response = call(server.webPort(), "POST", "/admin/bans/ip/127.0.0.21?seconds=" + seconds, TOKEN);
                assertThat(response.statusCode()).as("seconds=%s", seconds).isEqualTo(400);
                assertThat(response.body()).as("seconds=%s", seconds).contains("seconds", "1 to");
                assertThat(server.pool().bans().isBanned(ip))
                        .as("seconds=%s", seconds)
                        .isFalse();
            }
            var longest =
                    call(server.webPort(), "POST", "/admin/bans/ip/127.0.0.21?seconds=" + 10L * 366 * 24 * 3600, TOKEN);
            assertThat(longest.statusCode()).isEqualTo(200);
            assertThat(server.pool().bans().isBanned(ip))
                    .as("a ten-year ban holds")
                    .isTrue();
        }
    }

    @Test
    void banningAnAddressNoMinerConnectsFromIsA400NotA500() throws Exception {
        try (var server = PotluckServer.start(config("unbannable"), PoolListener.NONE)) {
            for (String ip : new String[] {"0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "ff02::1"}) {
                var response = call(server.webPort(), "POST", "/admin/bans/ip/" + ip + "?seconds=60", TOKEN);
                assertThat(response.statusCode()).as(ip).isEqualTo(400);
                assertThat(response.body()).as(ip).contains("cannot ban");
            }
            assertThat(call(server.webPort(), "POST", "/admin/bans/ip/not-an-ip", TOKEN)
                            .statusCode())
                    .isEqualTo(400);
            // The pool still serves miners afterwards.
            try (var client =
                    new StratumTestClient(server.pool().stratumAddress().getPort())) {
                assertThat(login(client, regtestAddress() + ".after")
                                .get("result")
                                .asBoolean())
                        .isTrue();
            }
        }
    }

    @Test
    void ipAndAddressBansAreKeptAcrossARestart() throws Exception {
        String address = regtestAddress();
        try (var first = PotluckServer.start(config("restart"), PoolListener.NONE)) {
            assertThat(call(first.webPort(), "POST", "/admin/bans/ip/127.0.0.22?seconds=3600", TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(call(first.webPort(), "POST", "/admin/bans/ip/127.0.0.23?seconds=3600", TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(call(first.webPort(), "DELETE", "/admin/bans/ip/127.0.0.23", TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(call(first.webPort(), "POST", "/admin/bans/address/" + address, TOKEN)
                            .statusCode())
                    .isEqualTo(200);
        }
        try (var second = PotluckServer.start(config("restart"), PoolListener.NONE)) {
            int stratum = second.pool().stratumAddress().getPort();
            assertThat(second.pool().bans().isBanned(InetAddress.ofLiteral("127.0.0.22")))
                    .isTrue();
            try (var banned = new StratumTestClient("127.0.0.22", stratum)) {
                assertThat(banned.closedByPool(5000))
                        .as("the banned IP is refused after the restart")
                        .isTrue();
            }
            try (var lifted = new StratumTestClient("127.0.0.23", stratum)) {
                assertThat(login(lifted, regtestAddress() + ".lifted")
                                .get("result")
                                .asBoolean())
                        .as("a lifted ban stays lifted")
                        .isTrue();
            }
            try (var client = new StratumTestClient(stratum)) {
                assertThat(login(client, address + ".rig").get("result").asBoolean())
                        .as("the banned payout address is refused after the restart")
                        .isFalse();
            }
        }
    }

    /**
     * The rule on the request's peer address, and the API answering on loopback end to end. (A request from another
     * address cannot be made here honestly: tests send traffic to loopback only, and every loopback address passes.)
     */
    @Test
    void adminAnswersLoopbackAndRefusesOtherAddressesUnlessAllowed() throws Exception {
        assertThat(AdminRoutes.answers("127.0.0.1", false)).isTrue();
        assertThat(AdminRoutes.answers("127.0.0.2", false)).isTrue();
        assertThat(AdminRoutes.answers("::1", false)).isTrue();
        assertThat(AdminRoutes.answers("[::1]", false)).isTrue();
        assertThat(AdminRoutes.answers("192.0.2.7", false)).isFalse();
        assertThat(AdminRoutes.answers("fd00::7", false)).isFalse();
        assertThat(AdminRoutes.answers("::ffff:192.0.2.7", false)).isFalse();
        assertThat(AdminRoutes.answers("not-an-address", false)).isFalse();
        assertThat(AdminRoutes.answers(null, false)).isFalse();
        assertThat(AdminRoutes.answers("192.0.2.7", true)).isTrue();

        try (var server = PotluckServer.start(config("loopback", w -> w.withHost("0.0.0.0")), PoolListener.NONE)) {
            assertThat(call(server.webPort(), "GET", "/admin/sessions", TOKEN).statusCode())
                    .as("from 127.0.0.1")
                    .isEqualTo(200);
        }
    }
}
