package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.pool.config.PoolConfig;
import org.potluck.pool.publish.LedgerJson;
import org.potluck.store.AcceptedShare;
import org.potluck.store.BlockRecord;

/** What the pool records about the blocks it finds, against a real regtest node that can reorganize them away. */
class FoundBlocksRegtestTest {

    @Test
    void aBlockRecordNamesTheSequenceOfTheShareThatFoundIt() throws Exception {
        try (RegtestPool p = RegtestPool.start(c -> c.withStratum(MiningIntegrationTest.stratum(c, 0.0005)));
                var miner = cpuMiner(p)) {
            miner.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> p.pool.store().blocks().size() >= 2);
            miner.close();
            p.pool.copier().awaitCaughtUp(Duration.ofSeconds(10));

            Map<String, Long> findingShares = p.pool.store().recentBlocks(1000).stream()
                    .collect(Collectors.toMap(AcceptedShare::blockHash, AcceptedShare::sequence));
            for (BlockRecord block : p.pool.store().blocks()) {
                assertThat(block.shareSequence())
                        .as("block %s", block.blockHash())
                        .isPositive()
                        .isEqualTo(findingShares.get(block.blockHash()));
                assertThat(block.json()).contains("\"shareSequence\":" + block.shareSequence());
            }
        }
    }

    /**
     * The node drops the pool's blocks ({@code invalidateblock} on the first) and mines a longer chain: every one of
     * them turns "orphaned", and the PPLNS credits they created (miners the two-output coinbases left out) are
     * withdrawn, since those coinbases never paid anyone.
     */
    @Test
    void blocksTheNodeReorganizesAwayTurnOrphanedAndTheirCreditsAreWithdrawn() throws Exception {
        try (RegtestPool p = RegtestPool.start(c -> c.withStratum(MiningIntegrationTest.stratum(c, 0.0005))
                .withPayout(new PoolConfig.PayoutConfig("pplns", 0, null, 20_000_000, 0, null, 0, 0, 2, 0)))) {
            List<CpuMiner> miners = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    miners.add(cpuMiner(p));
                }
                miners.forEach(CpuMiner::start);
                // Blocks in the chain, and a ledger that owes someone: a coinbase with two outputs left a miner out.
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> statuses(p).contains("in_chain") && ledgerCredits(p) > 0);
            } finally {
                miners.forEach(CpuMiner::close);
            }
            // The lowest of the pool's blocks in the node's best chain (a block a rival found at the same height may
            // sit on a side branch, which invalidateblock refuses to reset).
            BlockRecord first = p.pool.store().blocks().stream()
                    .filter(b -> b.blockHash().equals(p.node.rpc().getBlockHash(b.height())))
                    .min(java.util.Comparator.comparingInt(BlockRecord::height))
                    .orElseThrow();
            long tip = p.node.rpc().getBlockCount();

            p.node.rpc().call("invalidateblock", first.blockHash());
            p.node.rpc().generateToAddress((int) (tip - first.height() + 3), RegtestPool.newAddress());

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(p.pool.store().blocks())
                            .filteredOn(b ->
                                    b.height() >= first.height() && !b.status().equals("rejected"))
                            .extracting(BlockRecord::status)
                            .containsOnly("orphaned"));
            assertThat(p.node.rpc().getBlockHash(first.height())).isNotEqualTo(first.blockHash());
            await().atMost(Duration.ofSeconds(30)).until(() -> ledgerCredits(p) == 0);
        }
    }

    private static CpuMiner cpuMiner(RegtestPool p) {
        return new CpuMiner(
                MinerOptions.parseUrl(p.url(), RegtestPool.newAddress() + ".rig", "x", 1, 0, true, null),
                new MinerListener() {});
    }

    private static List<String> statuses(RegtestPool p) {
        return p.pool.store().blocks().stream().map(BlockRecord::status).toList();
    }

    /** How many credits the ledger the pool keeps in its settings holds. */
    private static int ledgerCredits(RegtestPool p) {
        String json = p.pool.store().settings().get(LedgerJson.KEY);
        return json == null
                ? 0
                : org.potluck.pool.publish.JobJson.JSON
                        .readTree(json)
                        .get("credits")
                        .size();
    }
}
