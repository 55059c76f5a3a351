package org.potluck.pool.stratum;

import java.util.HashSet;
import java.util.Set;
import org.potluck.pool.work.Job;

/**
 * A job as one session received it: the difficulty it was sent with (a share is credited at the difficulty of the job
 * it was mined on, as ESP-Miner applies set_difficulty at the next notify) and the submissions already seen for it.
 */
final class SentJob {
    final Job job;
    final double difficulty;
    final byte[] targetLE;
    private final Set<String> submitted = new HashSet<>();

    SentJob(Job job, double difficulty, byte[] targetLE) {
        this.job = job;
        this.difficulty = difficulty;
        this.targetLE = targetLE;
    }

    /** Returns false when the same header (these fields and the version credited) was already submitted. */
    boolean firstSubmission(String extranonce2, String ntime, String nonce, int headerVersion) {
        return submitted.add(extranonce2 + ntime + nonce + Integer.toHexString(headerVersion));
    }
}
