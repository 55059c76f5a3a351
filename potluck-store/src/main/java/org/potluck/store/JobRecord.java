package org.potluck.store;

import java.time.Instant;

/**
 * One job the pool sent to miners, as the public API serves it.
 *
 * @param cursor  assigned by the store, ascending in insert order (with possible gaps); 0 before insert
 * @param created when the pool made the job; stored to the microsecond
 * @param json    the job as JSON text written by the pool; the store keeps it byte for byte and never parses it
 */
public record JobRecord(long cursor, String jobId, int height, Instant created, String json) {

    public JobRecord {
        if (cursor < 0) {
            throw new IllegalArgumentException("job cursor must be 0 (unassigned) or positive, got " + cursor);
        }
        Records.requireText("job id", jobId);
        if (height < 0) {
            throw new IllegalArgumentException("job " + jobId + ": height must not be negative, got " + height);
        }
        Records.requireNonNull("job " + jobId + ": created time", created);
        Records.requireNonNull("job " + jobId + ": json", json);
    }

    /** A job to insert: the store assigns the cursor. */
    public static JobRecord of(String jobId, int height, Instant created, String json) {
        return new JobRecord(0, jobId, height, created, json);
    }
}
