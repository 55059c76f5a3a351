package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Vardiff on a simulated clock: where it moves a miner's difficulty, and when it leaves it alone. */
class VardiffTest {
    private static final double TARGET_SECONDS = 5;
    /** Vardiff's decay window for a 5 s target: max(30 s, 20 targets). */
    private static final double WINDOW_SECONDS = 100;
    private static final long SECOND = 1_000_000_000L;

    /** Feeds shares of the current difficulty every {@code interval} s until Vardiff answers; returns that answer. */
    private static double firstRetarget(Vardiff vardiff, double difficulty, double intervalSeconds) {
        long now = 1_000 * SECOND;
        for (int i = 0; i < 1_000; i++) {
            double next = vardiff.onShare(difficulty, difficulty, now);
            if (!Double.isNaN(next)) {
                return next;
            }
            now += (long) (intervalSeconds * SECOND);
        }
        return Double.NaN;
    }

    @Test
    void minerTenTimesTooFastIsMovedUpToAboutOneSharePerTargetInterval() {
        // Difficulty 1 every 0.5 s is 2 difficulty-1 shares a second: one share per 5 s needs difficulty 10.
        double next = firstRetarget(new Vardiff(0.001, 1e6, TARGET_SECONDS), 1, 0.5);
        assertThat(next).isBetween(7.0, 14.0);
    }

    @Test
    void minerTenTimesTooSlowIsMovedDown() {
        // Difficulty 1 every 50 s is 0.02 difficulty-1 shares a second: one share per 5 s needs difficulty 0.1.
        double next = firstRetarget(new Vardiff(0.001, 1e6, TARGET_SECONDS), 1, 50);
        assertThat(next).isBetween(0.05, 0.3);
    }

    @Test
    void minerAtTheTargetRateKeepsItsDifficulty() {
        var vardiff = new Vardiff(0.001, 1e6, TARGET_SECONDS);
        long now = 1_000 * SECOND;
        for (int i = 0; i < 500; i++) {
            assertThat(vardiff.onShare(64, 64, now)).as("answer to share %d", i).isNaN();
            now += (long) (TARGET_SECONDS * SECOND);
        }
    }

    @Test
    void newDifficultyIsClampedToTheConfiguredRange() {
        assertThat(firstRetarget(new Vardiff(0.5, 4, TARGET_SECONDS), 1, 0.001)).isEqualTo(4);
        assertThat(firstRetarget(new Vardiff(0.5, 4, TARGET_SECONDS), 1, 600)).isEqualTo(0.5);
        assertThat(new Vardiff(0.5, 4, TARGET_SECONDS).clamp(1e9)).isEqualTo(4);
        assertThat(new Vardiff(0.5, 4, TARGET_SECONDS).clamp(1e-9)).isEqualTo(0.5);
    }

    @Test
    void rateEstimateFollowsTheMinerAndDecaysOverOneWindowByAFactorE() {
        var vardiff = new Vardiff(0.001, 1e6, TARGET_SECONDS);
        long now = 0;
        for (int i = 0; i < 4_000; i++) { // 20,000 s: far longer than the window, so the estimate has settled
            vardiff.onShare(8, 8, now);
            now += (long) (TARGET_SECONDS * SECOND);
        }
        now -= (long) (TARGET_SECONDS * SECOND);
        double rate = vardiff.rate(now);
        assertThat(rate).isCloseTo(8 / TARGET_SECONDS, within(0.05 * 8 / TARGET_SECONDS));
        assertThat(vardiff.rate(now + (long) (WINDOW_SECONDS * SECOND)) / rate).isCloseTo(Math.exp(-1), within(0.01));
    }

    @Test
    void silentMinerIsSteppedDownAtLeastByHalfEachTimeUntilTheMinimum() {
        var vardiff = new Vardiff(0.25, 1e6, TARGET_SECONDS);
        long now = 0;
        double difficulty = 64;
        for (int i = 0; i < 100; i++) { // settled at one share of 64 per target interval
            vardiff.onShare(difficulty, difficulty, now);
            now += (long) (TARGET_SECONDS * SECOND);
        }
        int steps = 0;
        for (int i = 0; i < 100 && difficulty > 0.25; i++) {
            now += (long) (3 * TARGET_SECONDS * SECOND);
            double next = vardiff.onQuiet(difficulty, now);
            if (!Double.isNaN(next)) {
                assertThat(next).isLessThanOrEqualTo(difficulty / 2).isGreaterThanOrEqualTo(0.25);
                difficulty = next;
                steps++;
            }
        }
        assertThat(difficulty).isEqualTo(0.25);
        assertThat(steps).isGreaterThanOrEqualTo(2);
        assertThat(vardiff.onQuiet(difficulty, now + 60 * SECOND)).as("nothing below the minimum").isNaN();
    }

    @Test
    void resetForgetsTheMeasuredRate() {
        var vardiff = new Vardiff(0.001, 1e6, TARGET_SECONDS);
        long now = 0;
        for (int i = 0; i < 10; i++) {
            vardiff.onShare(1, 1, now);
            now += SECOND;
        }
        assertThat(vardiff.rate(now)).isPositive();
        vardiff.reset(now);
        assertThat(vardiff.rate(now + SECOND)).isZero();
    }
}
