package org.potluck.pool.stratum;

import org.potluck.pool.work.Job;

/**
 * A job as one session received it: the difficulty it was sent with (a share is credited at the difficulty of the job
 * it was mined on, as ESP-Miner applies set_difficulty at the next notify). Duplicates are the session's
 * {@link SeenShares}, by header: the same work may be sent under several ids.
 */
final class SentJob {
    final Job job;
    final double difficulty;
    final byte[] targetLE;

    SentJob(Job job, double difficulty, byte[] targetLE) {
        this.job = job;
        this.difficulty = difficulty;
        this.targetLE = targetLE;
    }
}
