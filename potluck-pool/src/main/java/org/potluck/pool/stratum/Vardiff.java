package org.potluck.pool.stratum;

/**
 * Variable difficulty in the manner of ckpool: an exponentially decaying estimate of the rate of difficulty-1 work a
 * miner does, and a new difficulty when the share rate drifts well away from one share per target interval. Not
 * thread-safe: one per session, used on the session's event loop.
 */
public final class Vardiff {
    /** Retarget only after this many shares or this many target intervals, so one lucky share does not swing it. */
    private static final int MIN_SHARES = 4;
    private static final double MIN_INTERVALS = 3;
    /** Leave the difficulty alone while the rate is within this factor of the goal: changes cost the miner work. */
    private static final double HYSTERESIS = 1.5;

    private final double minDifficulty;
    private final double maxDifficulty;
    private final double targetSeconds;
    /** The decay time constant: long enough to smooth luck, short enough to follow a miner that is switched off. */
    private final double windowSeconds;

    private double decayedWork;
    private long startNanos = -1;
    private long lastNanos;
    private long lastShareNanos;
    private long lastRetargetNanos;
    private int sharesSinceRetarget;

    public Vardiff(double minDifficulty, double maxDifficulty, double targetSeconds) {
        this.minDifficulty = minDifficulty;
        this.maxDifficulty = maxDifficulty;
        this.targetSeconds = targetSeconds;
        this.windowSeconds = Math.max(30, targetSeconds * 20);
    }

    public double clamp(double difficulty) {
        return Math.min(maxDifficulty, Math.max(minDifficulty, difficulty));
    }

    /** Starts measuring afresh, e.g. after the miner asked for a difficulty. */
    public void reset(long nowNanos) {
        decayedWork = 0;
        startNanos = nowNanos;
        lastNanos = nowNanos;
        lastShareNanos = nowNanos;
        lastRetargetNanos = nowNanos;
        sharesSinceRetarget = 0;
    }

    /** Records an accepted share of {@code difficulty}; returns the difficulty to switch to, or NaN to keep the current one. */
    public double onShare(double currentDifficulty, double difficulty, long nowNanos) {
        if (startNanos < 0) {
            reset(nowNanos);
        }
        decay(nowNanos);
        decayedWork += difficulty;
        sharesSinceRetarget++;
        lastShareNanos = nowNanos;
        return retarget(currentDifficulty, nowNanos);
    }

    /** Called now and then when the miner is silent: a difficulty too high for it must come down without a share. */
    public double onQuiet(double currentDifficulty, long nowNanos) {
        if (startNanos < 0) {
            reset(nowNanos);
            return Double.NaN;
        }
        decay(nowNanos);
        return retarget(currentDifficulty, nowNanos);
    }

    /** Difficulty-1 shares per second, the miner's hashrate divided by 2^32. */
    public double rate(long nowNanos) {
        if (startNanos < 0) {
            return 0;
        }
        double elapsed = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
        // Bias correction for a young window: the decayed sum has not yet reached its steady-state weight.
        double effectiveWindow = windowSeconds * (1 - Math.exp(-elapsed / windowSeconds));
        double work = decayedWork * Math.exp(-((nowNanos - lastNanos) / 1e9) / windowSeconds);
        return work / effectiveWindow;
    }

    private void decay(long nowNanos) {
        double dt = (nowNanos - lastNanos) / 1e9;
        if (dt > 0) {
            decayedWork *= Math.exp(-dt / windowSeconds);
            lastNanos = nowNanos;
        }
    }

    private double retarget(double currentDifficulty, long nowNanos) {
        double sinceRetarget = (nowNanos - lastRetargetNanos) / 1e9;
        if (sharesSinceRetarget < MIN_SHARES && sinceRetarget < MIN_INTERVALS * targetSeconds) {
            return Double.NaN;
        }
        double optimal = clamp(rate(nowNanos) * targetSeconds);
        if ((nowNanos - lastShareNanos) / 1e9 >= MIN_INTERVALS * targetSeconds) {
            // No share for several intervals: at least halve, whatever the slowly decaying estimate says. (Counting
            // shares since the last retarget is not enough: a steady miner that stops has many of those.)
            optimal = Math.min(optimal, clamp(currentDifficulty / 2));
        }
        double ratio = optimal / currentDifficulty;
        if (ratio < HYSTERESIS && ratio > 1 / HYSTERESIS) {
            return Double.NaN;
        }
        lastRetargetNanos = nowNanos;
        sharesSinceRetarget = 0;
        return optimal == currentDifficulty ? Double.NaN : optimal;
    }
}
