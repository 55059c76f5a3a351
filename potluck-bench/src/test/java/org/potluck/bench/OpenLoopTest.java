package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The open-loop mode offers its rate whatever the pool does, against a loopback pool that never answers or never
 * reads. Counts only: how fast is for {@code potluck bench --mode open}, not for a test.
 */
class OpenLoopTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void sharesKeepGoingOutAtTheOfferedRateWhenThePoolNeverAnswers() throws Exception {
        try (var pool = ScriptedPool.answering(ScriptedPool.NEVER_ANSWERS);
                var load = new LoadGenerator(plan(pool, 2, 4000))) {
            assertThat(load.connectAll(Duration.ofSeconds(30)).ready()).isEqualTo(2);

            load.startSubmitting();
            // More than a closed loop could ever have unanswered: flood keeps a window, and every mode caps a miner
            // at its ring of send times (1,024 in steady and flood).
            await().atMost(PATIENCE).until(() -> load.progress().submitted >= 3000);
            var report = load.stopSubmitting();

            assertThat(report.answered()).isZero();
            assertThat(report.blocked())
                    .as("the pool reads everything: nothing held back")
                    .isZero();
            assertThat(report.submitted()).isEqualTo(report.offered()).isGreaterThanOrEqualTo(3000);
            assertThat(report.unanswered()).isEqualTo(report.submitted());
        }
    }

    @Test
    void aShareTheSocketWillNotTakeIsCountedAsNotSentInsteadOfQueuedInTheGenerator() throws Exception {
        try (var pool = ScriptedPool.notReading();
                var load = new LoadGenerator(plan(pool, 1, 200_000))) {
            assertThat(load.connectAll(Duration.ofSeconds(30)).ready()).isEqualTo(1);

            load.startSubmitting();
            await().atMost(PATIENCE).until(() -> load.progress().blocked > 100);
            var report = load.stopSubmitting();

            assertThat(report.offered()).isEqualTo(report.submitted() + report.blocked());
            assertThat(report.answered()).isZero();
            assertThat(report.submitted())
                    .as("what went out before the socket filled up; the rest was counted, not queued")
                    .isPositive();
        }
    }

    @Test
    void openModeNeedsAnOfferedRate() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new LoadGenerator.Plan("127.0.0.1", 1, 1, LoadGenerator.Mode.OPEN, 1, 0, 0, "u", 1, 1))
                .hasMessageContaining("open mode needs an offered rate");
    }

    static LoadGenerator.Plan plan(ScriptedPool pool, int miners, double offeredPerSecond) {
        return new LoadGenerator.Plan(
                "127.0.0.1",
                pool.port(),
                miners,
                LoadGenerator.Mode.OPEN,
                1,
                0,
                offeredPerSecond,
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                1,
                1);
    }
}
