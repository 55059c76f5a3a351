package org.potluck.pool.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.node.TemplateTx;
import org.potluck.pool.payout.PayoutPlan;

class JobBoardTest {
    private static final String A = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"; // BIP173 example addresses
    private static final String B = "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3";

    private final List<Job> made = new ArrayList<>();
    private final JobBoard board = new JobBoard(12, new byte[0], made::add);
    private final WorkTemplate work = board.install(template());

    private static BlockTemplate template() {
        List<TemplateTx> txs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String id = String.format("%02x", i).repeat(32);
            txs.add(new TemplateTx("00", id, id, 1000L * i, 400));
        }
        return new BlockTemplate(
                0x20000000,
                "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054",
                txs,
                312_500_000L,
                "17034219",
                null,
                1_700_000_000L,
                1_699_990_000L,
                840_000,
                "6a24aa21a9ed" + "00".repeat(32),
                null,
                List.of("segwit"));
    }

    private static PayoutPlan plan(String... addresses) {
        List<TxOut> outs = new ArrayList<>();
        for (String a : addresses) {
            outs.add(new TxOut(312_500_000L / addresses.length, Address.toScriptPubKey(a, Network.MAINNET)));
        }
        return new PayoutPlan(outs, List.of(addresses), null, null, 10);
    }

    @Test
    void distinctPlanObjectsPayingTheSameOutputsShareOneJob() {
        Job first = board.jobFor(work, plan(A, B));
        Job second = board.jobFor(work, plan(A, B));
        assertThat(second).isSameAs(first);
        assertThat(made).hasSize(1);
        assertThat(board.jobFor(work, plan(B, A))).isNotSameAs(first);
        assertThat(board.jobFor(work, plan(A))).isNotSameAs(first);
        assertThat(made).hasSize(3);
    }

    @Test
    void outputsKeyDependsOnValueAndScriptInOrder() {
        assertThat(plan(A, B).outputsKey())
                .isEqualTo(plan(A, B).outputsKey())
                .isNotEqualTo(plan(B, A).outputsKey());
        var lessToA = new PayoutPlan(
                List.of(new TxOut(1, Address.toScriptPubKey(A, Network.MAINNET))), List.of(A), null, null, 10);
        assertThat(lessToA.outputsKey()).isNotEqualTo(plan(A).outputsKey());
    }
}
