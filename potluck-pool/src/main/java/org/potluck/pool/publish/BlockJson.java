package org.potluck.pool.publish;

import java.util.List;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.bitcoin.Hex;
import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;

/** A block the pool found, as published (potluck-accounting's {@link PublishedBlock}). */
public final class BlockJson {
    private BlockJson() {}

    /** @param shareSequence the finding share's journal sequence; 0 when the block was recorded before its share */
    public static String of(PoolListener.BlockFound block, SubmitResult result, long shareSequence) {
        List<PublishedOutput> outputs = block.outputs().stream()
                .map(o -> new PublishedOutput(o.value(), Hex.encode(o.scriptPubKey())))
                .toList();
        return JobJson.JSON.writeValueAsString(new PublishedBlock(
                block.height(),
                block.blockHash(),
                block.job().id(),
                shareSequence,
                block.address(),
                result.accepted(),
                outputs));
    }
}
