package org.potluck.accounting.published;

import java.time.Instant;

/**
 * One {@code mining.set_difficulty} the pool wrote to a connection, as the public API serves it. Every job the
 * connection gets until its next one is credited at this difficulty, so each share's credited difficulty must be one
 * its connection (its {@code extranonce1}) was assigned at the share's job's height, no later than the share.
 *
 * @param sequence    ascending in the order the pool recorded them: the cursor of {@code /api/v1/difficulties}
 * @param extranonce1 the connection's extranonce1 (hex), as its shares carry it
 * @param height      the height of the job notified right after it
 * @param jobId       the job notified right after it
 * @param difficulty  printed by {@link Double#toString(double)}, so it compares exactly with a share's
 */
public record PublishedDifficulty(
        long sequence, Instant time, String extranonce1, int height, String jobId, double difficulty) {}
