package org.potluck.miner;

/**
 * A token bucket on submits, so a pool that hands out a tiny difficulty (regtest pools use 0.0001 and less) cannot
 * make the miner flood it; shares over the limit are dropped, which costs nothing real at such difficulties.
 */
final class SubmitRateLimiter {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    SubmitRateLimiter(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, got " + perSecond + ", " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
