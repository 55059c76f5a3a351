package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.potluck.pool.stratum.StratumAssertions.assertError;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.pool.Pool;
import org.potluck.pool.RecordingListener;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.config.PoolConfig;
import tools.jackson.databind.JsonNode;

/**
 * What the pool does with clients that misbehave: oversized lines, garbage, idling, share floods; and that it survives
 * every one of them (after each test a fresh miner must still get work and answers).
 */
class BadInputTest {
    /** Short, but not so short that a loaded machine's authorize (a node round trip) misses it. */
    private static final int IDLE_SECONDS = 3;

    private static final int BAN_SECONDS = 2;
    private static final int MAX_LINE_BYTES = 16 * 1024;

    @RegisterExtension
    static final RegtestPoolExtension POOL =
            new RegtestPoolExtension(TestStratumConfig.limits(IDLE_SECONDS, BAN_SECONDS));

    @AfterEach
    void thePoolStillServesAFreshMiner() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            Work work = miner.nextWork();
            var weak = ShareGrinder.grind(
                    work, 1, work.versionValue(), null, ShareGrinder.belowShareAndNetworkTarget(work));
            assertError(miner.submit(miner.user(), work, weak), 23, "low difficulty");
        }
    }

    @Test
    void lineLongerThan16KiBClosesTheConnection() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            // Just under the limit is still a line the pool reads and answers.
            String prefix = "{\"id\":7,\"method\":\"mining.extranonce.subscribe\",\"params\":[\"";
            String suffix = "\"]}";
            miner.sendLine(prefix + "a".repeat(MAX_LINE_BYTES - prefix.length() - suffix.length()) + suffix);
            assertThat(miner.reply(7).get("result").asBoolean()).isTrue();

            miner.sendLine(
                    "{\"id\":8,\"method\":\"mining.subscribe\",\"params\":[\"" + "a".repeat(MAX_LINE_BYTES) + "\"]}");
            assertThat(miner.closedByPool(3000)).isTrue();
        }
    }

    @Test
    void invalidJsonGetsAnErrorAndRepeatedGarbageClosesTheConnection() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            miner.sendLine("this is not json");
            JsonNode error = nextReply(miner);
            assertError(error, 20, "invalid JSON");
            assertThat(error.get("id").isNull()).isTrue();
            for (int i = 2; i < Sv1Session.GARBAGE_LIMIT; i++) {
                miner.sendLine("[1, 2, 3]");
                assertError(nextReply(miner), 20, "expected a JSON object");
            }
            // One bad line short of the limit, a good line: the client is merely sloppy, and the count starts again.
            assertThat(miner.call("mining.extranonce.subscribe").get("result").asBoolean())
                    .isTrue();
            for (int i = 0; i < Sv1Session.GARBAGE_LIMIT; i++) {
                miner.sendLine("{\"id\": 1, \"method\": ");
            }
            assertThat(miner.closedByPool(3000)).isTrue();
        }
    }

    @Test
    void connectionThatNeverAuthorizesIsClosedAfterTheIdleTime() throws Exception {
        try (var silent = new ScriptedMiner(POOL.port());
                var subscribedOnly = new ScriptedMiner(POOL.port());
                var authorized = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            subscribedOnly.subscribe("test-miner/1.0");
            assertThat(silent.closedByPool(IDLE_SECONDS * 1000 + 3000)).isTrue();
            assertThat(subscribedOnly.closedByPool(3000)).isTrue();
            // Past the idle time, an authorized miner is still served.
            assertThat(authorized
                            .call("mining.extranonce.subscribe")
                            .get("result")
                            .asBoolean())
                    .isTrue();
        }
    }

    @Test
    void minerFloodingInvalidSharesIsDisconnectedAndRefusedForAWhileAndNoOtherMinerNotices() throws Exception {
        try (var honest = ScriptedMiner.ready("127.0.0.3", POOL.port(), RegtestPool.newAddress());
                var flooder = ScriptedMiner.ready("127.0.0.2", POOL.port(), RegtestPool.newAddress())) {
            Work honestWork = honest.nextWork();
            List<ShareGrinder.Solution> honestShares = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                honestShares.add(ShareGrinder.grind(
                        honestWork,
                        i,
                        honestWork.versionValue(),
                        null,
                        ShareGrinder.belowShareAndNetworkTarget(honestWork)));
            }
            Work floodWork = flooder.nextWork();
            String malformed = ScriptedMiner.requestLine(
                    1,
                    "mining.submit",
                    ScriptedMiner.submitParams(
                            flooder.user(),
                            floodWork.jobId(),
                            floodWork.extranonce2(1),
                            floodWork.ntime(),
                            "nothex!!",
                            null));
            Thread flood = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 20 * org.potluck.core.FloodScore.BAN_LIMIT; i++) {
                        flooder.sendLine(malformed);
                    }
                } catch (IOException closedByThePool) {
                    // expected once the pool has had enough
                }
            });

            long slowestMillis = 0;
            for (var share : honestShares) {
                long start = System.nanoTime();
                assertError(honest.submit(honest.user(), honestWork, share), 23, "low difficulty");
                slowestMillis = Math.max(slowestMillis, (System.nanoTime() - start) / 1_000_000);
            }
            flood.join();
            assertThat(flooder.closedByPool(3000)).isTrue();
            assertThat(slowestMillis)
                    .as("slowest answer to the other miner, in ms")
                    .isLessThan(500);

            // The flooder's address is refused at once (well before the idle timeout would close it)...
            assertThat(refusedFrom("127.0.0.2")).isTrue();
            // ...while the other miner is still connected and answered.
            assertThat(honest.call("mining.extranonce.subscribe").get("result").asBoolean())
                    .isTrue();
            // The ban is brief: afterwards the address may connect again.
            await().atMost(Duration.ofSeconds(BAN_SECONDS + 5))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !refusedFrom("127.0.0.2"));
        }
    }

    @Test
    void minersAreToldToReconnectWhenThePoolCloses() throws Exception {
        // A second pool on the same node, so this test can close it.
        PoolConfig config = TestStratumConfig.tinyDifficulty()
                .apply(PoolConfig.bcoinRegtest(
                        "http://127.0.0.1:" + POOL.get().node.rpcPort(),
                        POOL.get().node.apiKey(),
                        Files.createTempDirectory("potluck-closing-pool-").toString(),
                        0,
                        TestStratumConfig.START_DIFFICULTY,
                        5));
        Pool closing = new Pool(config, new RecordingListener()).start();
        int port = closing.stratumAddress().getPort();
        List<ScriptedMiner> miners = new ArrayList<>();
        try {
            // Several miners: the reconnect must reach every one, on every event loop, not only the first.
            for (int i = 0; i < 4; i++) {
                miners.add(ScriptedMiner.ready(port, RegtestPool.newAddress()));
                miners.getLast().nextWork();
            }
            closing.close();
            for (var miner : miners) {
                JsonNode reconnect = miner.nextNotification();
                while (!reconnect.get("method").asString().equals("client.reconnect")) {
                    reconnect = miner.nextNotification();
                }
                assertThat(reconnect.get("params").get(0).asString()).isEqualTo("127.0.0.1");
                assertThat(reconnect.get("params").get(1).asInt()).isEqualTo(port);
                assertThat(reconnect.get("params").get(2).asInt()).isPositive();
                assertThat(miner.closedByPool(5000)).isTrue();
            }
        } finally {
            for (var miner : miners) {
                miner.close();
            }
        }
    }

    /** The next line, which for a client that sent garbage is the error answer. */
    private static JsonNode nextReply(ScriptedMiner miner) throws IOException {
        JsonNode n = miner.client.readLine();
        while (n != null && n.has("method")) {
            n = miner.client.readLine();
        }
        return n;
    }

    /** Whether a connection from this address is closed without an answer, faster than an idle close would be. */
    private static boolean refusedFrom(String sourceAddress) throws IOException {
        try (var miner = new ScriptedMiner(sourceAddress, POOL.port())) {
            try {
                miner.send("mining.subscribe", "test-miner/1.0");
            } catch (IOException reset) {
                return true;
            }
            return miner.closedByPool(IDLE_SECONDS * 1000 / 2);
        }
    }
}
