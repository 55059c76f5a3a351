package org.potluck.pool.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.TestWallets;
import org.potluck.pool.WatchedStore;
import org.potluck.pool.hardening.HardeningSupport.HandMiner;

/**
 * Block first: between a block-finding share and the node's {@code submitblock} nothing writes to the database, not
 * even the fresh-address bookkeeping of a miner paid through a descriptor; and nothing writes from a network thread.
 */
class BlockFirstTest {
    /** One database write: what, whether the node already held the found block, whether a network thread made it. */
    private record Write(String what, boolean nodeHadBlock, String thread, boolean onEventLoop) {}

    /** Writers that run beside the block on their own threads and never stand in its way (journal copy, job and difficulty logs). */
    private static final Set<String> INDEPENDENT_WRITERS = Set.of("insert", "insertJob", "insertDifficulties");

    @Test
    void aBlockPayingADescriptorMinerReachesTheNodeBeforeAnyDatabaseWriteOfItsBookkeeping() throws Exception {
        var writes = new ConcurrentLinkedQueue<Write>();
        var pool = new AtomicReference<RegtestPool>();
        var watchAboveTip = new AtomicLong(Long.MAX_VALUE);
        try (RegtestPool p = RegtestPool.start(
                        c -> c.withStratum(HardeningSupport.stratum(c, 5, 16 * 1024, 60)),
                        store -> new WatchedStore(store, what -> {
                            long tipBefore = watchAboveTip.get();
                            if (tipBefore != Long.MAX_VALUE) {
                                Thread t = Thread.currentThread();
                                boolean nodeHas = pool.get().node.rpc().getBlockCount() > tipBefore;
                                writes.add(new Write(what, nodeHas, t.getName(), t instanceof FastThreadLocalThread));
                            }
                        }));
                HandMiner m =
                        new HandMiner("127.0.0.36", p.port(), TestWallets.bip86Descriptor() + ".rig").handshake()) {
            pool.set(p);
            watchAboveTip.set(p.node.rpc().getBlockCount());

            long t0 = System.nanoTime();
            assertThat(m.submitBlock().get("result").asBoolean())
                    .as("the block share is accepted")
                    .isTrue();
            System.out.printf("block share answered in %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            await().atMost(Duration.ofSeconds(30)).until(() -> !p.events.blocks.isEmpty());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> writes.stream().anyMatch(w -> w.what().startsWith("putSetting hd.next.")));
            assertThat(p.events.blocks.getFirst().result().accepted())
                    .as("node verdict")
                    .isTrue();

            List<Write> all = List.copyOf(writes);
            System.out.println("database writes after the block share: " + all);
            assertThat(all).as("no database write from a network thread").noneMatch(Write::onEventLoop);
            assertThat(all)
                    .filteredOn(w -> !INDEPENDENT_WRITERS.contains(w.what()))
                    .as("the block's bookkeeping writes only once the node holds the block")
                    .isNotEmpty()
                    .allMatch(Write::nodeHadBlock);
            assertThat(p.pool.store().settings())
                    .as("the descriptor moved on to its next address")
                    .containsValue("1");
        }
    }
}
