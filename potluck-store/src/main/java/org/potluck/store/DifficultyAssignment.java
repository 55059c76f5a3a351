package org.potluck.store;

import java.time.Instant;

/**
 * One {@code mining.set_difficulty} the pool wrote to a connection. It is always followed by a notify, and every job a
 * connection gets until the next one is credited at this difficulty (ESP-Miner applies a difficulty only with the next
 * notify), so a share's credited difficulty must be one its connection was assigned at the share's height.
 *
 * @param sequence    assigned by the store, ascending in insert order (the public API's cursor); 0 before insert
 * @param time        when it was written; stored to the microsecond
 * @param extranonce1 the connection's extranonce1 (hex), which its shares carry
 * @param height      the height of the job notified with it
 * @param jobId       the pool's id of the job notified with it
 */
public record DifficultyAssignment(
        long sequence, Instant time, String extranonce1, int height, String jobId, double difficulty) {

    public DifficultyAssignment {
        if (sequence < 0) {
            throw new IllegalArgumentException(
                    "assignment sequence must be 0 (unassigned) or positive, got " + sequence);
        }
        Records.requireNonNull("assignment time", time);
        Records.requireText("assignment extranonce1", extranonce1);
        Records.requireText("assignment job id", jobId);
        if (height < 0) {
            throw new IllegalArgumentException("assignment height must not be negative, got " + height);
        }
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("assigned difficulty must be a positive number, got " + difficulty);
        }
    }

    /** An assignment to insert: the store assigns the sequence. */
    public static DifficultyAssignment of(
            Instant time, String extranonce1, int height, String jobId, double difficulty) {
        return new DifficultyAssignment(0, time, extranonce1, height, jobId, difficulty);
    }
}
