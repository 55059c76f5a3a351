package org.potluck.store;

import java.time.Instant;

/**
 * One block the pool found.
 *
 * @param blockHash     display hex of the block hash; the block's identity in the store
 * @param jobId         the job the finding share was for, null if unknown
 * @param shareSequence journal sequence of the finding share, 0 if it was not journaled
 * @param finderAddress the address whose share found the block, null if unknown
 * @param accepted      whether the network accepted the block (false once it is known orphaned or rejected)
 * @param time          when the block was found; stored to the microsecond
 * @param json          details as JSON text written by the pool; kept byte for byte, never parsed
 */
public record BlockRecord(int height, String blockHash, String jobId, long shareSequence, String finderAddress,
                          boolean accepted, Instant time, String json) {

  public BlockRecord {
    Records.requireText("block hash", blockHash);
    if (height < 0) {
      throw new IllegalArgumentException("block " + blockHash + ": height must not be negative, got " + height);
    }
    if (shareSequence < 0) {
      throw new IllegalArgumentException("block " + blockHash + ": share sequence must be 0 (none) or positive, got "
          + shareSequence);
    }
    Records.requireNonNull("block " + blockHash + ": time", time);
    Records.requireNonNull("block " + blockHash + ": json", json);
  }

  /** The same block with another acceptance. */
  public BlockRecord withAccepted(boolean isAccepted) {
    return new BlockRecord(height, blockHash, jobId, shareSequence, finderAddress, isAccepted, time, json);
  }
}
