package org.potluck.bench.jmh;

import java.util.List;
import org.potluck.bench.MempoolSample;
import org.potluck.bench.StandInNode;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.Target;
import org.potluck.node.BlockTemplate;
import org.potluck.node.TemplateTx;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.payout.SoloPayout;
import org.potluck.pool.work.WorkTemplate;

/** Mainnet-shaped inputs shared by the benchmarks (the same mempool generator as the stand-in node). */
final class Fixtures {
    static final String ADDRESS = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"; // BIP173 example P2WPKH

    private Fixtures() {}

    static BlockTemplate template(int transactions) {
        MempoolSample mempool = MempoolSample.generate(transactions, 42);
        List<TemplateTx> txs = mempool.entries().stream()
                .map(e -> new TemplateTx(e.dataHex(), e.txid(), e.wtxid(), e.fee(), e.weight()))
                .toList();
        long now = System.currentTimeMillis() / 1000;
        return new BlockTemplate(
                0x20000000,
                "00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
                txs,
                312_500_000L + mempool.totalFees(),
                String.format("%08x", StandInNode.MAINNET_BITS),
                String.format("%064x", Target.fromBits(StandInNode.MAINNET_BITS)),
                now,
                now - 3600,
                920_000,
                mempool.witnessCommitmentScriptHex(),
                null,
                List.of("csv", "!segwit", "taproot"));
    }

    static PayoutPlan soloPlan(WorkTemplate work) {
        byte[] script = Address.toScriptPubKey(ADDRESS, Network.MAINNET);
        return new SoloPayout(0, null, null).planFor(work, new PayoutPolicy.Miner(ADDRESS, script, "bench"));
    }
}
