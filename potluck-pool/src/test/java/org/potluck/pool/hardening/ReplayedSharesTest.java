package org.potluck.pool.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.potluck.pool.hardening.HardeningSupport.percentile;
import static org.potluck.pool.hardening.HardeningSupport.sorted;
import static org.potluck.pool.hardening.HardeningSupport.timedValidSubmit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.config.PoolConfig;
import org.potluck.pool.hardening.HardeningSupport.HandMiner;
import org.potluck.stratum.StratumJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool sends the same work again under a new job id when a miner's difficulty changes (same previous block, same
 * coinbase). A share is one piece of work, however many ids it was sent under: replayed under the new id it must be
 * refused as a duplicate, or a miner could be credited for it again and again (and under PPLNS take others' reward).
 */
class ReplayedSharesTest {
    /** Both difficulties are below regtest's network difficulty: every hash is a share at either. */
    private static final double LOW = HardeningSupport.EVERY_HASH_IS_A_SHARE / 10;

    private static final double HIGH = HardeningSupport.EVERY_HASH_IS_A_SHARE;

    /** A long target share time makes vardiff raise a fast miner from LOW to HIGH after its first few shares. */
    @RegisterExtension
    static final HardeningPool POOL = new HardeningPool(c -> {
        var s = c.stratum();
        return c.withStratum(new PoolConfig.StratumConfig(
                s.host(),
                s.port(),
                LOW,
                LOW,
                HIGH,
                1000,
                s.versionMask(),
                s.extranonce2Size(),
                s.coinbaseTag(),
                s.maxLineBytes(),
                60,
                60));
    });

    private static RegtestPool p;

    @BeforeAll
    static void pool() {
        p = POOL.get();
    }

    @Test
    void aShareReplayedUnderTheJobIdResentAfterSuggestDifficultyIsADuplicate() throws Exception {
        try (HandMiner honest = new HandMiner("127.0.0.3", p.port(), RegtestPool.newAddress() + ".honest").handshake();
                HandMiner replayer =
                        new HandMiner("127.0.0.31", p.port(), RegtestPool.newAddress() + ".replay").handshake()) {
            List<Long> latencies = new ArrayList<>();
            latencies.add(timedValidSubmit(honest));
            String original = replayer.validSubmitLine(100);
            replayer.client.sendLine(original);
            assertThat(replayer.client.reply(100).get("result").asBoolean())
                    .as("the original share")
                    .isTrue();
            String firstJob = replayer.jobId();
            String firstCoinbase = replayer.job.get("params").get(2).asString();

            replayer.client.sendLine("{\"id\":101,\"method\":\"mining.suggest_difficulty\",\"params\":[" + HIGH + "]}");
            replayer.client.reply(101);
            replayer.awaitJob(n -> !n.get("params").get(0).asString().equals(firstJob));
            assertThat(replayer.job.get("params").get(2).asString())
                    .as("the same coinbase: the same work, resent")
                    .isEqualTo(firstCoinbase);

            List<JsonNode> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replayer.client.sendLine(underJob(original, replayer.jobId(), 200 + i));
                replies.add(replayer.client.reply(200 + i));
                latencies.add(timedValidSubmit(honest));
            }
            // And under the id it was first sent under, for good measure.
            replayer.client.sendLine(underJob(original, firstJob, 300));
            replies.add(replayer.client.reply(300));

            logLatency("suggest_difficulty replay", latencies);
            assertThat(replies)
                    .allSatisfy(r -> assertThat(r.path("error").path(0).asInt(-1))
                            .as("duplicate: %s", r)
                            .isEqualTo(22));
            assertCreditedOnce(replayer.user, 1);
        }
    }

    @Test
    void sharesReplayedUnderTheJobIdResentAfterAVardiffChangeAreDuplicates() throws Exception {
        try (HandMiner honest = new HandMiner("127.0.0.3", p.port(), RegtestPool.newAddress() + ".honest").handshake();
                HandMiner replayer =
                        new HandMiner("127.0.0.32", p.port(), RegtestPool.newAddress() + ".vardiff").handshake()) {
            List<Long> latencies = new ArrayList<>();
            String firstJob = replayer.jobId();
            List<String> accepted = new ArrayList<>();
            // Fast shares at LOW with a 1000 s target: vardiff moves this miner up and resends the job (bounded loop).
            for (int i = 0; i < 60 && !resent(replayer, firstJob); i++) {
                String line = replayer.validSubmitLine(100 + i);
                replayer.client.sendLine(line);
                assertThat(replayer.client.reply(100 + i).get("result").asBoolean())
                        .isTrue();
                accepted.add(line);
                latencies.add(timedValidSubmit(honest));
            }
            assertThat(resent(replayer, firstJob))
                    .as("vardiff sent the work again under a new id")
                    .isTrue();
            replayer.awaitJob(n -> !n.get("params").get(0).asString().equals(firstJob));

            List<JsonNode> replies = new ArrayList<>();
            for (int i = 0; i < accepted.size(); i++) {
                replayer.client.sendLine(underJob(accepted.get(i), replayer.jobId(), 500 + i));
                replies.add(replayer.client.reply(500 + i));
                latencies.add(timedValidSubmit(honest));
            }

            logLatency("vardiff replay of " + accepted.size() + " shares", latencies);
            assertThat(replies)
                    .allSatisfy(r -> assertThat(r.path("error").path(0).asInt(-1))
                            .as("duplicate: %s", r)
                            .isEqualTo(22));
            assertCreditedOnce(replayer.user, accepted.size());
        }
    }

    /** Whether a notify with another job id than the first has arrived (read on the way to replies). */
    private static boolean resent(HandMiner m, String firstJob) {
        return m.client.received.stream()
                .anyMatch(n -> "mining.notify".equals(n.path("method").asString(""))
                        && !n.get("params").get(0).asString().equals(firstJob));
    }

    /** The same submit (extranonce2, ntime, nonce) under another job id and request id. */
    private static String underJob(String submitLine, String jobId, long id) {
        ObjectNode request = (ObjectNode) StratumJson.MAPPER.readTree(submitLine);
        request.put("id", id);
        ((ArrayNode) request.get("params")).set(1, request.stringNode(jobId));
        return StratumJson.MAPPER.writeValueAsString(request);
    }

    private static void assertCreditedOnce(String user, int shares) {
        await().atMost(Duration.ofSeconds(5)).until(() -> credited(user) >= shares);
        assertThat(credited(user)).as("shares credited to %s", user).isEqualTo(shares);
    }

    private static long credited(String user) {
        return p.events.accepted.stream()
                .filter(a -> (a.address() + "." + a.worker()).equals(user))
                .count();
    }

    private static void logLatency(String what, List<Long> latencies) {
        long[] l = sorted(latencies);
        System.out.printf(
                "honest miner beside the %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d shares)%n",
                what, percentile(l, 50) / 1e6, percentile(l, 99) / 1e6, l[l.length - 1] / 1e6, l.length);
        assertThat(percentile(l, 99) / 1e6)
                .as("honest p99, ms (generous: a shared 2-core machine)")
                .isLessThan(2000);
    }
}
