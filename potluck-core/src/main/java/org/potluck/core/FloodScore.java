package org.potluck.core;

/**
 * How hard a channel is flooding the pool with shares it refuses: each refusal adds its penalty to a score that halves
 * every {@link #HALF_LIFE_SECONDS}; above {@link #BAN_LIMIT} the miner is to be dropped and banned. A steady rate r of
 * full-penalty refusals settles near r x 14.4 (r x half-life / ln 2), so an honest miner's odd stale or low share never
 * gets near, while a client refused ten times a second crosses it in under 20 s.
 */
public final class FloodScore {
    public static final double BAN_LIMIT = 100;
    public static final double HALF_LIFE_SECONDS = 10;

    private double score;
    private long lastNanos;

    /**
     * What a refusal weighs. A share on a job that is gone counts a fifth (and nothing at all when it was work in
     * flight as a new block's work went out, or the channel has not been sent that work yet: {@link MiningChannel}
     * decides, see {@link MiningChannel#IN_FLIGHT_GRACE_NANOS}); a share the pool failed to store is the pool's fault,
     * not the miner's, and counts nothing. The switch has no default: a new reason must be weighed here.
     */
    public static double penaltyFor(Rejection rejection) {
        return switch (rejection) {
            case UNKNOWN_JOB, STALE_JOB -> 0.2;
            case STORAGE_FAILURE -> 0;
            case NOT_SUBSCRIBED,
                    NOT_AUTHORIZED,
                    WRONG_WORKER,
                    MALFORMED_SUBMIT,
                    NTIME_OUT_OF_RANGE,
                    VERSION_BITS_OUTSIDE_MASK,
                    LOW_DIFFICULTY,
                    DUPLICATE -> 1;
        };
    }

    /** Decays the score to {@code nowNanos}, adds the penalty, and says whether the score is now over the limit. */
    public boolean add(double penalty, long nowNanos) {
        double halfLives = (nowNanos - lastNanos) / 1e9 / HALF_LIFE_SECONDS;
        score = score * Math.pow(0.5, halfLives) + penalty;
        lastNanos = nowNanos;
        return score > BAN_LIMIT;
    }

    public double score() {
        return score;
    }
}
