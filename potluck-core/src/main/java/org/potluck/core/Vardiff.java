package org.potluck.core;

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
    /**
     * A miner that has sent no share since it started (or since its difficulty was last chosen for it) is stepped down
     * after about one target interval, then at every sweep (half an interval), by 4, 16, 64... : a CPU miner that starts at the default
     * difficulty 1024 reaches a share in seconds rather than minutes, while a right-sized miner that was merely unlucky
     * (no share in the first interval: e^-1 of the time) drops only fourfold and is raised again after a few shares.
     */
    private static final double YOUNG_STEP_BASE = 4;

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
    /** Shares since the measurement started: 0 means nothing is known of this miner's speed yet. */
    private int sharesSinceStart;

    private int youngSteps;

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
        restart(nowNanos);
        youngSteps = 0;
    }

    /** Starts measuring when the miner gets its first work, unless already measuring. */
    public void begin(long nowNanos) {
        if (startNanos < 0) {
            reset(nowNanos);
        }
    }

    private void restart(long nowNanos) {
        decayedWork = 0;
        startNanos = nowNanos;
        lastNanos = nowNanos;
        lastShareNanos = nowNanos;
        lastRetargetNanos = nowNanos;
        sharesSinceRetarget = 0;
        sharesSinceStart = 0;
    }

    /** Records an accepted share of {@code difficulty}; returns the difficulty to switch to, or NaN to keep the current one. */
    public double onShare(double currentDifficulty, double difficulty, long nowNanos) {
        if (startNanos < 0) {
            reset(nowNanos);
        }
        decay(nowNanos);
        decayedWork += difficulty;
        sharesSinceRetarget++;
        sharesSinceStart++;
        lastShareNanos = nowNanos;
        return retarget(currentDifficulty, nowNanos);
    }

    /**
     * Called now and then (every half target interval or so) between shares: a difficulty too high for a miner must
     * come down without a share. Only ever lowers it.
     */
    public double onQuiet(double currentDifficulty, long nowNanos) {
        if (startNanos < 0) {
            reset(nowNanos);
            return Double.NaN;
        }
        double sinceRetarget = (nowNanos - lastRetargetNanos) / 1e9;
        if (sharesSinceStart == 0) {
            // Nothing measured yet: only the silence says anything, so step down, more each time (see YOUNG_STEP_BASE).
            // A little less than one interval, then than half of one: the pool's sweeps (every half interval) are not
            // to the nanosecond, and one missed by a hair would cost a whole extra sweep.
            if (sinceRetarget < (youngSteps == 0 ? 0.9 * targetSeconds : 0.4 * targetSeconds)) {
                return Double.NaN;
            }
            youngSteps++;
            double next = clamp(currentDifficulty / Math.pow(YOUNG_STEP_BASE, youngSteps));
            // The silent time at the old difficulty says little of the rate at the new one: measure from here.
            restart(nowNanos);
            return next < currentDifficulty ? next : Double.NaN;
        }
        if ((nowNanos - lastShareNanos) / 1e9 < MIN_INTERVALS * targetSeconds) {
            return Double.NaN; // a miner with recent shares is retargeted by its shares
        }
        decay(nowNanos);
        double next = retarget(currentDifficulty, nowNanos);
        return next < currentDifficulty ? next : Double.NaN;
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
