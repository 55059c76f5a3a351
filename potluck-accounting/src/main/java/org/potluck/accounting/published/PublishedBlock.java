package org.potluck.accounting.published;

import java.util.List;

/**
 * A block the pool found.
 *
 * @param blockHash       display hex
 * @param shareSequence   sequence of the share that found it (0 if it was not journaled)
 * @param accepted        whether a node accepted it when it was submitted
 * @param coinbaseOutputs every output of the block's coinbase, in order (the witness commitment included)
 * @param status          what became of it ({@link BlockStatus#wire()}): whether it is in the best chain, orphaned...;
 *                        a record without one (written before statuses existed) reads as "pending" or "rejected"
 */
public record PublishedBlock(
        int height,
        String blockHash,
        String jobId,
        long shareSequence,
        String finderAddress,
        boolean accepted,
        List<PublishedOutput> coinbaseOutputs,
        String status) {

    public PublishedBlock {
        coinbaseOutputs = coinbaseOutputs == null ? List.of() : List.copyOf(coinbaseOutputs);
        status = BlockStatus.parse(status, accepted).wire();
    }

    /** A block whose status follows from {@code accepted} alone (not checked against the chain yet). */
    public PublishedBlock(
            int height,
            String blockHash,
            String jobId,
            long shareSequence,
            String finderAddress,
            boolean accepted,
            List<PublishedOutput> coinbaseOutputs) {
        this(height, blockHash, jobId, shareSequence, finderAddress, accepted, coinbaseOutputs, null);
    }

    public BlockStatus blockStatus() {
        return BlockStatus.parse(status, accepted);
    }

    /** The same block with another status. */
    public PublishedBlock withStatus(String newStatus) {
        return new PublishedBlock(
                height, blockHash, jobId, shareSequence, finderAddress, accepted, coinbaseOutputs, newStatus);
    }
}
