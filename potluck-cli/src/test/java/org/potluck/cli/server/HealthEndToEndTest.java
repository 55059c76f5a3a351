package org.potluck.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.potluck.cli.server.AdminHttp.call;
import static org.potluck.cli.server.AdminHttp.json;
import static org.potluck.cli.server.AdminHttp.regtestAddress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.potluck.cli.config.PotluckConfig;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.node.RegtestNode;
import org.potluck.pool.FullDisk;
import org.potluck.pool.PoolListener;
import org.potluck.store.StorageConfig;
import tools.jackson.databind.JsonNode;

/**
 * GET /health and the health metrics against a real pool on a real bcoin regtest node, when the things the pool needs
 * really fail: the database's disk fills up, the node goes away.
 */
class HealthEndToEndTest {
    private static Path dir;
    private static RegtestNode node;

    @BeforeAll
    static void startNode() throws Exception {
        dir = Files.createTempDirectory("potluck-health");
        node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"));
    }

    @AfterAll
    static void stopNode() throws Exception {
        AdminHttp.closeAll(node);
    }

    private static PotluckConfig config(String name) {
        return PotluckConfig.bcoinRegtest(
                "http://127.0.0.1:" + node.rpcPort(),
                node.apiKey(),
                dir.resolve(name).toString(),
                0,
                0.0005,
                5);
    }

    /**
     * The database lives on a 1 MiB tmpfs (needs root; skipped otherwise) that the test fills while a miner keeps
     * sending shares: the journal still takes them, the copier cannot store them, and /health says so.
     */
    @Test
    void healthIs503WhileTheDatabaseCannotStoreSharesAndOkOnceItHasRoom() throws Exception {
        Path dbDir = dir.resolve("db");
        Assumptions.assumeTrue(FullDisk.mountTmpfs(dbDir, "1m"), "mounting a tmpfs needs root");
        var config = config("pool-db");
        config = config.withPool(
                config.pool().withStorage(new StorageConfig("jdbc:sqlite:" + dbDir.resolve("shares.db"))));
        CpuMiner miner = null;
        try (PotluckServer server = PotluckServer.start(config, PoolListener.NONE)) {
            int web = server.webPort();
            awaitHealth(web, 200, Duration.ofSeconds(15));

            Path filler = dbDir.resolve("filler");
            FullDisk.fill(filler);
            String address = regtestAddress();
            miner = new CpuMiner(
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
            miner.start();
            JsonNode degraded = awaitHealth(web, 503, Duration.ofSeconds(60));
            assertThat(degraded.get("status").asString()).isEqualTo("degraded");
            assertThat(degraded.get("database").asString()).contains("failing").containsIgnoringCase("full");
            assertThat(degraded.get("problems").toString()).contains("database:");
            assertThat(degraded.get("journal").asString())
                    .as("the journal is on another disk")
                    .isEqualTo("writable");
            assertThat(metric(web, "potluck_store_healthy")).isZero();

            Files.delete(filler);
            awaitHealth(web, 200, Duration.ofSeconds(30));
            assertThat(metric(web, "potluck_store_healthy")).isEqualTo(1);
            miner.close();
            miner = null;
            server.pool().copier().awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(server.pool().store().lastSequence())
                    .as("every journaled share reached the database")
                    .isEqualTo(server.pool().journal().lastSequence())
                    .isPositive();
        } finally {
            if (miner != null) {
                miner.close();
            }
            FullDisk.unmount(dbDir);
        }
    }

    /** The node is stopped under the running pool: /health turns 503 naming it, and 200 again once it is back. */
    @Test
    void healthIs503WhileTheNodeIsDownAndOkOnceItIsBack() throws Exception {
        try (PotluckServer server = PotluckServer.start(config("pool-node"), PoolListener.NONE)) {
            int web = server.webPort();
            awaitHealth(web, 200, Duration.ofSeconds(15));
            assertThat(metric(web, "potluck_template_age_seconds")).isBetween(0.0, 31.0);

            int port = node.rpcPort();
            String key = node.apiKey();
            long stoppedAt = System.nanoTime();
            node.close();
            JsonNode degraded = awaitHealth(web, 503, Duration.ofSeconds(15));
            System.out.printf(
                    "node stopped: /health answered 503 after %.1f s%n", (System.nanoTime() - stoppedAt) / 1e9);
            assertThat(degraded.get("node").asString()).startsWith("unreachable");
            assertThat(degraded.get("problems").toString()).contains("node:");
            assertThat(degraded.get("work").asString())
                    .as("the old template is still fresh")
                    .startsWith("current template");

            node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"), port, key);
            JsonNode ok = awaitHealth(web, 200, Duration.ofSeconds(30));
            assertThat(ok.get("node").asString()).isEqualTo("reachable");
            assertThat(ok.get("problems")).isEmpty();
        }
    }

    /** Waits for /health to answer {@code status}; returns its body. */
    private static JsonNode awaitHealth(int web, int status, Duration within) {
        JsonNode[] body = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var response = call(web, "GET", "/health", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            body[0] = json(response);
        });
        return body[0];
    }

    private static double metric(int web, String name) throws Exception {
        String text = call(web, "GET", "/metrics", null).body();
        return text.lines()
                .filter(l -> l.startsWith(name + " "))
                .findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError("no " + name + " in " + text));
    }
}
