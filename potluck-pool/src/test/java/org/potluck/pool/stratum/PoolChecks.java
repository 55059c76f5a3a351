package org.potluck.pool.stratum;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.pool.RegtestPool;
import tools.jackson.databind.JsonNode;

/** What the node says about the blocks the tests' shares made. */
final class PoolChecks {
    private PoolChecks() {}

    /** Waits until the pool reports the block of this hash accepted by the node, then returns the node's getblock. */
    static JsonNode acceptedBlock(RegtestPool pool, byte[] hashInternal) {
        String hash = BlockHeader.displayFromInternal(hashInternal);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pool.events.blocks.stream()
                        .anyMatch(b ->
                                b.block().blockHash().equals(hash) && b.result().accepted()));
        return pool.node.rpc().call("getblock", hash, true, true);
    }
}
