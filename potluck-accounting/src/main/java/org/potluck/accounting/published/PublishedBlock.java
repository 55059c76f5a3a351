package org.potluck.accounting.published;

import java.util.List;

/**
 * A block the pool found.
 *
 * @param blockHash       display hex
 * @param shareSequence   sequence of the share that found it (0 if it was not journaled)
 * @param accepted        whether the network accepted it; only accepted blocks change the credit ledger
 * @param coinbaseOutputs every output of the block's coinbase, in order (the witness commitment included)
 */
public record PublishedBlock(int height, String blockHash, String jobId, long shareSequence, String finderAddress,
                             boolean accepted, List<PublishedOutput> coinbaseOutputs) {

    public PublishedBlock {
        coinbaseOutputs = coinbaseOutputs == null ? List.of() : List.copyOf(coinbaseOutputs);
    }
}
