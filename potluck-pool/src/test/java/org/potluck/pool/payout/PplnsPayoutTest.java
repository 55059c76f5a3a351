package org.potluck.pool.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.PayoutRules;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.pool.work.WorkTemplates;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareProof;
import org.potluck.store.SqliteShareStore;

/** PPLNS plans are made once per template, and a late caller on an older template cannot disturb the newer one's. */
class PplnsPayoutTest {
    // BIP173 mainnet P2WPKH vector address (bitcoin/bips bip-0173.mediawiki)
    private static final String ALICE = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";

    @TempDir
    Path dir;

    @Test
    void aLateCallOnTheOlderTemplateKeepsBothTemplatesPlansApart() {
        try (var store = SqliteShareStore.open(dir.resolve("shares.db"))) {
            var window = new ShareWindow(store);
            var payout = new PplnsPayout(
                    new PayoutRules(0, null, 0, null, org.potluck.accounting.FinderBonus.none(), 50, 0),
                    BigDecimal.valueOf(8),
                    new AddressBook(Network.MAINNET, () -> null),
                    window,
                    CreditLedger.empty(),
                    12,
                    0);
            window.add(List.of(new AcceptedShare(
                    1,
                    Instant.now(),
                    ALICE,
                    "rig",
                    null,
                    "j",
                    1.0,
                    2.0,
                    false,
                    null,
                    new ShareProof.HeaderFields("sv1", "00000000", "000000000000000000000000", 0x20000000, 0, 0))));
            WorkTemplate older = template(1, 5_000_000_000L);
            WorkTemplate newer = template(2, 5_000_100_000L);
            var miner = new PayoutPolicy.Miner(ALICE, new byte[22], null);

            PayoutPlan newerPlan = payout.planFor(newer, miner);
            PayoutPlan olderPlan = payout.planFor(older, miner);

            assertThat(total(olderPlan)).isEqualTo(older.coinbaseValue());
            assertThat(total(newerPlan)).isEqualTo(newer.coinbaseValue());
            // The newer template's plan is still the one made for it: no recomputation, no mix-up.
            assertThat(payout.planFor(newer, miner)).isSameAs(newerPlan);
        }
    }

    private static long total(PayoutPlan plan) {
        return plan.outputs().stream().mapToLong(TxOut::value).sum();
    }

    private static WorkTemplate template(long id, long reward) {
        return WorkTemplates.from(
                id,
                new BlockTemplate(
                        0x20000000,
                        "00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
                        List.of(),
                        reward,
                        "17023a04",
                        null,
                        1_700_000_000L,
                        1_699_999_000L,
                        920_000,
                        null,
                        null,
                        List.of("segwit")));
    }
}
