package org.potluck.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
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
        assertThat(vardiff.onQuiet(difficulty, now + 60 * SECOND))
                .as("nothing below the minimum")
                .isNaN();
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

    // ---- a new miner's first retarget (the pool sweeps quiet miners every half target interval) ----

    @Test
    void newMinerFarTooSlowForItsStartDifficultyIsSteppedDownWithinOneAndAHalfIntervalsWithoutAShare() {
        var vardiff = new Vardiff(0.001, 1e15, 10);
        long start = 1_000 * SECOND;
        vardiff.reset(start); // the first work goes out
        double first = Double.NaN;
        long at = start;
        while (Double.isNaN(first) && at < start + 120 * SECOND) {
            at += 5 * SECOND;
            first = vardiff.onQuiet(1024, at);
        }
        assertThat((at - start) / 1e9)
                .as("seconds to the first lower difficulty")
                .isLessThanOrEqualTo(15);
        assertThat(first).isLessThan(1024);
    }

    @Test
    void rightSizedMinerMerelyUnluckyInItsFirstIntervalDropsOnlyFourfold() {
        var vardiff = new Vardiff(0.001, 1e15, TARGET_SECONDS);
        vardiff.reset(0);
        assertThat(vardiff.onQuiet(64, (long) (0.5 * TARGET_SECONDS * SECOND))).isNaN();
        assertThat(vardiff.onQuiet(64, (long) (0.8 * TARGET_SECONDS * SECOND))).isNaN();
        assertThat(vardiff.onQuiet(64, (long) (TARGET_SECONDS * SECOND))).isEqualTo(16);
    }

    @Test
    void newMinerFarTooFastIsRaisedAtItsFourthShare() {
        var vardiff = new Vardiff(0.001, 1e15, TARGET_SECONDS);
        vardiff.reset(0);
        // Difficulty 1 every 0.05 s: 20 difficulty-1 shares a second, one share per 5 s needs difficulty 100.
        double next = Double.NaN;
        int shares = 0;
        while (Double.isNaN(next) && shares < 100) {
            shares++;
            next = vardiff.onShare(1, 1, (long) (shares * 0.05 * SECOND));
        }
        assertThat(shares).isLessThanOrEqualTo(4);
        assertThat(next).isBetween(50.0, 200.0);
    }

    @Test
    void cpuMinerStartingAtDifficulty1024FindsItsFirstShareWithinAMinute() {
        // A CPU miner at 3 MH/s on a 10 s target (the pool's defaults: start 1024, minimum 0.001); its right difficulty
        // is 3e6 x 10 / 2^32 = 0.007. Shares arrive as a Poisson process at hashrate / (difficulty x 2^32) a second.
        double[] seconds = firstShareSeconds(3e6, 1024, 10, 400, 42);
        double median = seconds[seconds.length / 2];
        double p90 = seconds[seconds.length * 9 / 10];
        System.out.printf(
                "time to first share, 3 MH/s from difficulty 1024, 10 s target: median %.1f s, p90 %.1f s,"
                        + " max %.1f s (%d simulated miners)%n",
                median, p90, seconds[seconds.length - 1], seconds.length);
        assertThat(median).isLessThan(40);
        assertThat(p90).isLessThan(60);
    }

    /**
     * Simulated miners on a simulated clock: each connects at 0, gets work at its start difficulty, and is swept every
     * half target interval; returns the sorted times of each one's first share.
     */
    static double[] firstShareSeconds(
            double hashrate, double startDifficulty, double targetSeconds, int miners, long seed) {
        var random = new SplittableRandom(seed);
        double[] out = new double[miners];
        double sweep = targetSeconds / 2;
        for (int m = 0; m < miners; m++) {
            var vardiff = new Vardiff(0.001, 1e15, targetSeconds);
            vardiff.reset(0);
            double difficulty = startDifficulty;
            double now = 0;
            double nextSweep = sweep;
            while (true) {
                // Memoryless: the time to the next share at this difficulty, drawn afresh after each change.
                double rate = hashrate / (difficulty * 4294967296.0);
                double share = now - Math.log(1 - random.nextDouble()) / rate;
                if (share < nextSweep) {
                    out[m] = share;
                    break;
                }
                now = nextSweep;
                nextSweep += sweep;
                double next = vardiff.onQuiet(difficulty, (long) (now * SECOND));
                if (!Double.isNaN(next)) {
                    difficulty = next;
                }
            }
        }
        Arrays.sort(out);
        return out;
    }
}
