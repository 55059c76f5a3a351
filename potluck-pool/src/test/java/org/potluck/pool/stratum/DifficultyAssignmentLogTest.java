package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.pool.RegtestPool;
import org.potluck.store.DifficultyAssignment;

/**
 * Every set_difficulty the pool writes to a connection is stored with the connection's extranonce1 and the height of
 * the notify that follows, so that a verifier can check each share's credited difficulty against it.
 */
class DifficultyAssignmentLogTest {
    @RegisterExtension
    static final RegtestPoolExtension POOL = RegtestPoolExtension.withTinyDifficulty();

    private static List<DifficultyAssignment> assignedTo(String extranonce1) {
        return POOL.get().pool.store().difficultiesAfter(0, 10_000).stream()
                .filter(a -> a.extranonce1().equals(extranonce1))
                .toList();
    }

    @Test
    void eachSetDifficultyIsStoredWithTheConnectionsExtranonce1AndTheHeightOfItsNotify() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            Work first = miner.nextWork();
            assertThat(miner.call("mining.suggest_difficulty", "0.000003")
                            .get("result")
                            .asBoolean())
                    .isTrue();
            Work second = miner.nextWork();
            assertThat(second.difficulty()).isNotEqualTo(first.difficulty());
            int height = (int) POOL.get().node.rpc().getBlockCount() + 1;

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> assignedTo(miner.extranonce1).size() >= 2);

            List<DifficultyAssignment> assigned = assignedTo(miner.extranonce1);
            assertThat(assigned)
                    .extracting(DifficultyAssignment::difficulty)
                    .containsExactly(first.difficulty(), second.difficulty());
            assertThat(assigned).allSatisfy(a -> {
                assertThat(a.height()).isEqualTo(height);
                assertThat(a.jobId()).isNotBlank();
            });
            assertThat(assigned.get(0).time()).isBeforeOrEqualTo(assigned.get(1).time());
        }
    }
}
