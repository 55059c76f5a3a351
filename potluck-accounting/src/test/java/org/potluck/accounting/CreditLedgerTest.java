package org.potluck.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.potluck.accounting.TestWindows.window;

import java.util.List;
import org.junit.jupiter.api.Test;

class CreditLedgerTest {
    /** Two payout slots: of a 5, b 3, c 1, d 1 over 1000 sats, c and d (100 each) are left out. */
    private static PayoutTable tableLeavingOutCAndD(CreditLedger ledger, long reward) {
        return PayoutCalculator.compute(new PayoutInputs(
                reward,
                window("a", "5", "b", "3", "c", "1", "d", "1"),
                ledger.credits(),
                null,
                new PayoutRules(0, null, 0, null, FinderBonus.none(), 2, 0)));
    }

    @Test
    void excludedMinersAreOwedFromTheBlockHeight() {
        CreditLedger after = CreditLedger.empty().afterBlock(tableLeavingOutCAndD(CreditLedger.empty(), 1000), 50);

        assertThat(after.credits()).containsExactly(new Credit("c", 100, 50), new Credit("d", 100, 50));
        assertThat(after.totalSats()).isEqualTo(200);
    }

    @Test
    void creditOfAnAddressOwedAgainIsMergedAndKeepsTheOlderHeight() {
        // c holds 5000 from height 10: more than the 1000 pot, so it is not offered, and c is left out again.
        CreditLedger ledger = CreditLedger.of(List.of(new Credit("c", 5000, 10)));
        PayoutTable table = tableLeavingOutCAndD(ledger, 1000);
        assertThat(table.offeredCredits()).isEmpty();

        CreditLedger after = ledger.afterBlock(table, 60);

        assertThat(after.credits()).containsExactly(new Credit("c", 5100, 10), new Credit("d", 100, 60));
    }

    @Test
    void offeredCreditsAreSettledByTheBlock() {
        CreditLedger ledger = CreditLedger.of(List.of(new Credit("x", 30, 3), new Credit("y", 40, 4)));
        PayoutTable table = PayoutCalculator.compute(
                new PayoutInputs(1000, window("a", "1"), ledger.credits(), null, PayoutRules.minersOnly()));

        assertThat(ledger.afterBlock(table, 70)).isEqualTo(CreditLedger.empty());
    }

    @Test
    void offeredCreditThatIsLeftOutAgainIsOwedItsWholeTotalFromItsNewHeight() {
        // y's 40 is offered but y's output is below the minimum: y is owed 40 again, now from the new block.
        CreditLedger ledger = CreditLedger.of(List.of(new Credit("y", 40, 4)));
        PayoutTable table = PayoutCalculator.compute(new PayoutInputs(
                1000,
                window("a", "1"),
                ledger.credits(),
                null,
                new PayoutRules(0, null, 0, null, FinderBonus.none(), 10, 100)));

        assertThat(ledger.afterBlock(table, 80).credits()).containsExactly(new Credit("y", 40, 80));
    }

    @Test
    void ledgerKeepsOldestHeightFirstThenAddress() {
        CreditLedger ledger =
                CreditLedger.of(List.of(new Credit("b", 1, 9), new Credit("z", 1, 2), new Credit("a", 1, 9)));

        assertThat(ledger.credits()).extracting(Credit::address).containsExactly("z", "a", "b");
    }

    @Test
    void tableFromAnotherLedgerIsRefused() {
        PayoutTable table = PayoutCalculator.compute(new PayoutInputs(
                1000, window("a", "1"), List.of(new Credit("x", 30, 3)), null, PayoutRules.minersOnly()));

        assertThatThrownBy(() -> CreditLedger.empty().afterBlock(table, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not hold");
    }

    @Test
    void blocksReplayedOutOfHeightOrderAreRefused() {
        CreditLedger ledger = CreditLedger.of(List.of(new Credit("x", 5000, 30)));

        assertThatThrownBy(() -> ledger.afterBlock(tableLeavingOutCAndD(ledger, 1000), 20))
                .hasMessageContaining("height order");
    }
}
