package org.potluck.pool.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.accounting.Credit;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.FinderBonus;
import org.potluck.accounting.PayoutRules;
import org.potluck.bitcoin.Network;
import org.potluck.store.SqliteShareStore;

/** What every caller asks of a payout policy without knowing its scheme: published rules, reloads, the credit ledger. */
class PayoutPolicyTest {
    // BIP173 mainnet P2WPKH vector address (bitcoin/bips bip-0173.mediawiki)
    private static final String ALICE = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    private static final AddressBook BOOK = new AddressBook(Network.MAINNET, () -> null);

    @TempDir
    Path dir;

    @Test
    void soloPublishesItsFeeAsTheOnlyRuleWithTwoOutputs() {
        PayoutPolicy solo = new SoloPayout(150, ALICE, BOOK);

        assertThat(solo.rules()).isEqualTo(new PayoutRules(150, ALICE, 0, null, FinderBonus.none(), 2, 0));
        assertThat(solo.windowMultiplier()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void soloWithoutFeePublishesOneOutputAndNoFeeAddress() {
        assertThat(new SoloPayout(0, ALICE, BOOK).rules())
                .isEqualTo(new PayoutRules(0, null, 0, null, FinderBonus.none(), 1, 0));
    }

    @Test
    void soloUnderNewRulesTakesTheirFee() {
        PayoutPolicy reloaded = new SoloPayout(0, null, BOOK)
                .withRules(new PayoutRules(200, ALICE, 0, null, FinderBonus.none(), 50, 0));

        assertThat(reloaded.scheme()).isEqualTo("solo");
        assertThat(reloaded.rules().feeBasisPoints()).isEqualTo(200);
        assertThat(reloaded.rules().feeAddress()).isEqualTo(ALICE);
    }

    @Test
    void soloNeverReplaysALedgerAndCarriesNoCredits() {
        var asked = new AtomicInteger();
        PayoutPolicy solo = new SoloPayout(0, null, BOOK);

        solo.useLedger(() -> {
            asked.incrementAndGet();
            return ledgerCrediting(ALICE);
        });

        assertThat(asked).hasValue(0);
        assertThat(solo.ledger().credits()).isEmpty();
    }

    @Test
    void pplnsUnderNewRulesSharesTheLedgerItFollows() {
        try (var store = SqliteShareStore.open(dir.resolve("shares.db"))) {
            var first = new PayoutRules(0, null, 0, null, FinderBonus.none(), 50, 0);
            PayoutPolicy running = new PplnsPayout(
                    first, BigDecimal.valueOf(8), BOOK, new ShareWindow(store), CreditLedger.empty(), 12, 0);
            var second = first.withMaxOutputs(7);

            PayoutPolicy reloaded = running.withRules(second);
            CreditLedger chain = ledgerCrediting(ALICE);
            reloaded.useLedger(() -> chain);

            assertThat(reloaded.rules()).isEqualTo(second);
            assertThat(running.rules()).isEqualTo(first);
            assertThat(reloaded.windowMultiplier()).isEqualByComparingTo(BigDecimal.valueOf(8));
            // A block's ledger that arrives through either instance during the switch is the one both plan from.
            assertThat(running.ledger()).isSameAs(chain);
            assertThat(reloaded.ledger()).isSameAs(chain);
        }
    }

    private static CreditLedger ledgerCrediting(String address) {
        return CreditLedger.of(List.of(new Credit(address, 5_000, 100)));
    }
}
