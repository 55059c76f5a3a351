package org.potluck.pool.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.potluck.pool.RecordingListener;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.hardening.HardeningSupport.HandMiner;

/**
 * A block found while the node cannot be reached is not lost: the pool keeps it and submits it once the node is back
 * (the node here stays up behind a proxy the test cuts, so its chain survives; bcoin regtest keeps it in memory).
 */
class UnsubmittedBlockTest {

    @Test
    void aBlockFoundWhileTheNodeIsUnreachableIsSubmittedWhenItReturns() throws Exception {
        var proxy = new AtomicReference<NodeProxy>();
        try (RegtestPool p = HardeningSupport.poolBehindProxy(proxy);
                HandMiner m = new HandMiner("127.0.0.35", p.port(), RegtestPool.newAddress() + ".m").handshake()) {
            long tipBefore = p.node.rpc().getBlockCount();
            proxy.get().cut();
            await().atMost(Duration.ofSeconds(15)).until(() -> !p.events.nodeDown.isEmpty());

            long t0 = System.nanoTime();
            assertThat(m.submitBlock().get("result").asBoolean())
                    .as("the share is accepted while the node is away")
                    .isTrue();
            System.out.printf(
                    "block share answered in %.1f ms while the node was unreachable%n", (System.nanoTime() - t0) / 1e6);
            // The node is still away: the block waits in the pool instead of being reported as lost.
            await().atMost(Duration.ofSeconds(10)).until(() -> p.pool.journal().lastSequence() >= 1);
            assertThat(p.events.blocks)
                    .as("no verdict while no node could take the block")
                    .isEmpty();
            assertThat(p.node.rpc().getBlockCount()).isEqualTo(tipBefore);

            proxy.get().pass();
            long back = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> !p.events.blocks.isEmpty());
            System.out.printf(
                    "the kept block reached the node %.0f ms after it came back%n", (System.nanoTime() - back) / 1e6);
            RecordingListener.Block found = p.events.blocks.getFirst();
            assertThat(found.result().accepted())
                    .as("node verdict %s", found.result())
                    .isTrue();
            assertThat(p.node.rpc().getBlockHash(found.block().height()))
                    .isEqualTo(found.block().blockHash());
            assertThat(p.pool.store().blocks())
                    .extracting(b -> b.blockHash())
                    .contains(found.block().blockHash());
        } finally {
            if (proxy.get() != null) {
                proxy.get().close();
            }
        }
    }
}
