package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.potluck.stratum.StratumError;
import org.potluck.stratum.StratumMessages;
import tools.jackson.databind.node.JsonNodeFactory;

/** Refusals for a job that is gone are counted as stale, per block change, against a scripted loopback pool. */
class StaleShareCountTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Accepts until the first block change, then answers every submit with error 21 as Potluck does a stale job. */
    private static final ScriptedPool.Script STALE_AFTER_A_BLOCK = (id, blocks) -> blocks == 0
            ? ScriptedPool.ACCEPTS.answer(id, blocks)
            : StratumMessages.error(
                    JsonNodeFactory.instance.numberNode(id), StratumError.JOB_NOT_FOUND, "job not found (stale)");

    @Test
    void errorTwentyOneAfterABlockChangeIsCountedStaleForThatBlock() throws Exception {
        var plan = new LoadGenerator.Plan("127.0.0.1", 0, 2, LoadGenerator.Mode.STEADY, 50, 0, 0, "u", 1, 1);
        try (var pool = ScriptedPool.answering(STALE_AFTER_A_BLOCK);
                var load = new LoadGenerator(withPort(plan, pool.port()))) {
            assertThat(load.connectAll(Duration.ofSeconds(30)).ready()).isEqualTo(2);
            load.startSubmitting();
            await().atMost(PATIENCE).until(() -> load.progress().accepted >= 10);

            var fanout = load.measureFanout(
                    ScriptedPool.NEXT_PREV_HASH,
                    () -> {
                        long now = System.nanoTime();
                        try {
                            pool.newBlock();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return now;
                    },
                    PATIENCE);
            assertThat(fanout.received()).isEqualTo(2);
            await().atMost(PATIENCE).until(() -> load.progress().stale >= 10);
            var report = load.stopSubmitting();

            assertThat(report.stale()).isEqualTo(report.rejected()).isGreaterThanOrEqualTo(10);
            assertThat(report.stalePercent()).isEqualTo(100.0 * report.stale() / report.answered());
            assertThat(report.byBlock()).hasSize(2);
            var before = report.byBlock().get(0);
            var after = report.byBlock().get(1);
            assertThat(before.stale()).isZero();
            assertThat(before.answered()).isGreaterThanOrEqualTo(10);
            assertThat(after.stale()).isEqualTo(after.answered()).isEqualTo(report.stale());
            assertThat(report.rejectReasons()).containsOnlyKeys("21 job not found (stale)");
        }
    }

    @Test
    void ckpoolsStaleAndUnknownJobReasonsAreStaleAndItsOtherRefusalsAreNot() {
        assertThat(SimulatedMiner.isStale(SimulatedMiner.refusal(
                        "{\"reject-reason\":\"Stale\",\"result\":false,\"error\":null,\"id\":12}")))
                .isTrue();
        assertThat(SimulatedMiner.isStale(SimulatedMiner.refusal(
                        "{\"reject-reason\":\"Invalid JobID\",\"result\":false,\"error\":null,\"id\":12}")))
                .isTrue();
        assertThat(SimulatedMiner.refusal(
                        "{\"reject-reason\":\"Above target\",\"result\":false,\"error\":null,\"id\":3}"))
                .isEqualTo("result false (Above target)");
        assertThat(SimulatedMiner.isStale("result false (Above target)")).isFalse();
        assertThat(SimulatedMiner.isStale(SimulatedMiner.refusal(new String(
                        StratumMessages.error(
                                        JsonNodeFactory.instance.numberNode(4),
                                        StratumError.LOW_DIFFICULTY,
                                        "low difficulty share (0.5 < 1)")
                                .getBytes(StandardCharsets.US_ASCII),
                        StandardCharsets.US_ASCII))))
                .isFalse();
    }

    private static LoadGenerator.Plan withPort(LoadGenerator.Plan p, int port) {
        return new LoadGenerator.Plan(
                p.host(),
                port,
                p.miners(),
                p.mode(),
                p.sharesPerMinerPerSecond(),
                p.floodWindow(),
                p.offeredPerSecond(),
                p.user(),
                p.sourceAddresses(),
                p.threads());
    }
}
