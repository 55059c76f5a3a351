package org.potluck.store;

import java.time.Instant;

/**
 * One block the pool found.
 *
 * @param blockHash     display hex of the block hash; the block's identity in the store
 * @param jobId         the job the finding share was for, null if unknown
 * @param shareSequence journal sequence of the finding share, 0 if it was not journaled
 * @param finderAddress the address whose share found the block, null if unknown
 * @param accepted      whether a node accepted the block when it was submitted
 * @param time          when the block was found; stored to the microsecond
 * @param json          details as JSON text written by the pool; kept byte for byte, never parsed
 * @param status        what became of it, as the pool names it (e.g. "pending", "in_chain", "orphaned"); the store
 *                      keeps any non-blank text
 */
public record BlockRecord(
        int height,
        String blockHash,
        String jobId,
        long shareSequence,
        String finderAddress,
        boolean accepted,
        Instant time,
        String json,
        String status) {

    /** Status of a block not checked against the chain yet: "pending" if a node accepted it, else "rejected". */
    public static String initialStatus(boolean accepted) {
        return accepted ? "pending" : "rejected";
    }

    /** A block whose status is still what its acceptance says ({@link #initialStatus}). */
    public BlockRecord(
            int height,
            String blockHash,
            String jobId,
            long shareSequence,
            String finderAddress,
            boolean accepted,
            Instant time,
            String json) {
        this(height, blockHash, jobId, shareSequence, finderAddress, accepted, time, json, initialStatus(accepted));
    }

    public BlockRecord {
        Records.requireText("block hash", blockHash);
        if (height < 0) {
            throw new IllegalArgumentException("block " + blockHash + ": height must not be negative, got " + height);
        }
        if (shareSequence < 0) {
            throw new IllegalArgumentException(
                    "block " + blockHash + ": share sequence must be 0 (none) or positive, got " + shareSequence);
        }
        Records.requireNonNull("block " + blockHash + ": time", time);
        Records.requireNonNull("block " + blockHash + ": json", json);
        Records.requireText("block " + blockHash + ": status", status);
    }

    /** The same block with another acceptance. */
    public BlockRecord withAccepted(boolean isAccepted) {
        return new BlockRecord(height, blockHash, jobId, shareSequence, finderAddress, isAccepted, time, json, status);
    }

    /** The same block with another status. */
    public BlockRecord withStatus(String newStatus) {
        return new BlockRecord(height, blockHash, jobId, shareSequence, finderAddress, accepted, time, json, newStatus);
    }
}
