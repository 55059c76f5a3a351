package org.potluck.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The flood penalty: its half-life, its ban limit, and what each refusal weighs. */
class FloodScoreTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theScoreHalvesEveryTenSeconds() {
        var score = new FloodScore();
        long t = 5_000 * SECOND;
        for (int i = 0; i < 80; i++) {
            score.add(1, t);
        }
        score.add(0, t + 10 * SECOND);
        assertThat(score.score()).isCloseTo(40, within(1e-9));
        score.add(0, t + 30 * SECOND);
        assertThat(score.score()).isCloseTo(10, within(1e-9));
    }

    @Test
    void theBanComesAboveOneHundredNotAtIt() {
        var score = new FloodScore();
        for (int i = 0; i < 100; i++) {
            assertThat(score.add(1, 0)).as("refusal %d", i + 1).isFalse();
        }
        assertThat(score.add(1, 0)).isTrue();
    }

    @Test
    void aRefusalASecondForAnHourNeverBansWhileTenASecondBanWithinTwentySeconds() {
        var honest = new FloodScore();
        for (int s = 1; s <= 3_600; s++) {
            assertThat(honest.add(1, s * SECOND)).as("second %d", s).isFalse();
        }
        // One a second settles at 1 / (1 - 2^-0.1), about 14.9.
        assertThat(honest.score()).isCloseTo(1 / (1 - Math.pow(0.5, 0.1)), within(1e-6));

        var flood = new FloodScore();
        int refusals = 0;
        long t = 0;
        while (!flood.add(1, t) && refusals < 10_000) {
            refusals++;
            t += SECOND / 10;
        }
        assertThat(t / 1e9).as("seconds to the ban at ten refusals a second").isBetween(10.0, 20.0);
    }

    @Test
    void aStaleOrUnknownJobWeighsAFifthAndTheStorageFailureNothing() {
        assertThat(FloodScore.penaltyFor(Rejection.STALE_JOB)).isEqualTo(0.2);
        assertThat(FloodScore.penaltyFor(Rejection.UNKNOWN_JOB)).isEqualTo(0.2);
        assertThat(FloodScore.penaltyFor(Rejection.STORAGE_FAILURE)).isZero();
        for (Rejection r : Rejection.values()) {
            if (r != Rejection.STALE_JOB && r != Rejection.UNKNOWN_JOB && r != Rejection.STORAGE_FAILURE) {
                assertThat(FloodScore.penaltyFor(r)).as(r.name()).isEqualTo(1);
            }
        }
    }
}
