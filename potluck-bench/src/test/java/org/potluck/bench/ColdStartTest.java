package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code --cold} reports, measured against a scripted loopback pool started after the "spawn". */
class ColdStartTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void coldReportHasTheTimesFromTheSpawnAndTheLatencyOfEachSecond() throws Exception {
        long spawn = System.nanoTime();
        try (var pool = ScriptedPool.answering(ScriptedPool.ACCEPTS)) {
            Duration firstConnection = ColdStart.awaitFirstConnection("127.0.0.1", pool.port(), spawn, PATIENCE);
            var plan =
                    new LoadGenerator.Plan("127.0.0.1", pool.port(), 2, LoadGenerator.Mode.STEADY, 20, 0, 0, "u", 1, 1);
            try (var load = new LoadGenerator(plan)) {
                load.latencyBySecondFrom(spawn);
                var connect = load.connectAll(Duration.ofSeconds(30));
                load.startSubmitting();
                await().atMost(PATIENCE).until(() -> load.progress().accepted >= 10);
                var shares = load.stopSubmitting();

                ColdStart cold = ColdStart.of(spawn, firstConnection, load, shares);

                assertThat(cold.firstConnection()).isPositive();
                assertThat(cold.firstAccepted()).isGreaterThan(cold.firstConnection());
                assertThat(cold.bySecond()).isNotEmpty();
                assertThat(cold.bySecond().stream()
                                .mapToLong(LatencyBySecond.Second::count)
                                .sum())
                        .isEqualTo(shares.answered() - shares.untimed());
                for (var second : cold.bySecond()) {
                    assertThat(second.p50Millis()).isPositive().isLessThanOrEqualTo(second.p99Millis());
                    assertThat(second.p99Millis()).isLessThanOrEqualTo(second.maxMillis());
                }

                var result = new BenchCommand.Result(
                        "scripted",
                        connect,
                        shares,
                        null,
                        List.of(),
                        -1,
                        -1,
                        -1,
                        -1,
                        -1,
                        -1,
                        1,
                        0,
                        List.of(),
                        cold,
                        null);
                String table = BenchCommand.table(List.of(result), LoadGenerator.Mode.STEADY);
                int first = cold.bySecond().getFirst().second();
                assertThat(table)
                        .contains("| warm-up before the measured period (s) | none (cold) |")
                        .contains("| cold: spawn → first accepted connection (ms) | " + cold.firstConnectionMillis()
                                + " |")
                        .contains("| cold: spawn → first accepted share (ms) | " + cold.firstAcceptedMillis() + " |")
                        .contains("| cold: second " + first + " after spawn: answered: submit p50 / p99 (ms) | "
                                + cold.second(first) + " |")
                        .contains("| stale rejects (job not found / stale) | 0.00 %")
                        .doesNotContain("| cold: second " + (first - 1) + " after spawn");
            }
        }
    }
}
