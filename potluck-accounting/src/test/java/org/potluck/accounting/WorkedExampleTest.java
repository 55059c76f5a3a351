package org.potluck.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.potluck.accounting.Payout.Kind.FEE;
import static org.potluck.accounting.Payout.Kind.MINER;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/payouts.md, computed by hand there and here, so that the document cannot drift from the code.
 *
 * <pre>
 * Network difficulty 1 (nbits 1d00ffff), window multiplier 8: the window holds 8 of share weight.
 * Shares, newest first:  #9 bob 1.92 | #8 alice 2 | #7 carol 0.08 | #6 bob 2 | #5 alice 4 | #4 carol 1
 *   running sum          1.92        | 3.92       | 4.00          | 6.00     | 6 + 2 = 8 (only 2 of alice's 4 fit)
 *   #4 is outside the window.  Weights: alice 2 + 2 = 4, bob 1.92 + 2 = 3.92, carol 0.08; total 8.
 *
 * Block 1 (height 101): reward R = 5,000,000,000 sats, fee 1% to "pool", max 3 outputs, no credits, no bonus.
 *   fee  = floor(5,000,000,000 × 100 / 10000) = 50,000,000
 *   pot  = 5,000,000,000 − 50,000,000        = 4,950,000,000
 *   alice = 4,950,000,000 × 4    / 8 = 2,475,000,000
 *   bob   = 4,950,000,000 × 3.92 / 8 = 2,425,500,000
 *   carol = 4,950,000,000 × 0.08 / 8 =    49,500,000      (sum 4,950,000,000: no leftover sats)
 *   slots = 3 outputs − 1 fee output = 2 miners: alice and bob; carol is left out and owed 49,500,000.
 *   carol's 49,500,000 is shared by alice and bob in proportion 2,475,000,000 : 2,425,500,000 (total 4,900,500,000):
 *     alice + 49,500,000 × 2,475,000,000 / 4,900,500,000 = + 25,000,000   (49,500,000 / 4,900,500,000 = 1/99)
 *     bob   + 49,500,000 × 2,425,500,000 / 4,900,500,000 = + 24,500,000
 *   Coinbase: alice 2,500,000,000 | bob 2,450,000,000 | pool 50,000,000  (sum 5,000,000,000)
 *   Ledger after block 101: carol is owed 49,500,000 since 101.
 *
 * Block 2 (height 102), same window, a coinbase that may carry 10 outputs:
 *   fee 50,000,000; pot 4,950,000,000; carol's credit 49,500,000 fits: paid first; rest 4,900,500,000
 *   alice = 4,900,500,000 × 4    / 8 = 2,450,250,000
 *   bob   = 4,900,500,000 × 3.92 / 8 = 2,401,245,000
 *   carol = 4,900,500,000 × 0.08 / 8 =    49,005,000  + credit 49,500,000 = 98,505,000
 *   Coinbase: alice 2,450,250,000 | bob 2,401,245,000 | carol 98,505,000 | pool 50,000,000  (sum 5,000,000,000)
 *   Ledger after block 102: empty.
 * </pre>
 */
class WorkedExampleTest {
    private static final long FIFTY_BTC = 5_000_000_000L;

    private static Window exampleWindow() {
        List<WindowShare> newestFirst = List.of(
                WindowShare.of(9, "bob", 1.92),
                WindowShare.of(8, "alice", 2),
                WindowShare.of(7, "carol", 0.08),
                WindowShare.of(6, "bob", 2),
                WindowShare.of(5, "alice", 4),
                WindowShare.of(4, "carol", 1));
        return PplnsWindow.select(newestFirst, PplnsWindow.windowSize(PplnsWindow.DEFAULT_MULTIPLIER, 0x1d00ffff));
    }

    private static PayoutRules rules(int maxOutputs) {
        return new PayoutRules(100, "pool", 0, null, FinderBonus.none(), maxOutputs, 0);
    }

    @Test
    void windowOfTheExampleCutsAlicesOlderShareInHalf() {
        Window w = exampleWindow();

        assertThat(w.weights().get("alice")).isEqualByComparingTo("4");
        assertThat(w.weights().get("bob")).isEqualByComparingTo("3.92");
        assertThat(w.weights().get("carol")).isEqualByComparingTo("0.08");
        assertThat(w.total()).isEqualByComparingTo(new BigDecimal("8"));
        assertThat(w.startSequence()).isEqualTo(5);
        assertThat(w.shareCount()).isEqualTo(5);
    }

    @Test
    void blockOneLeavesCarolOutAndOwesHer() {
        PayoutTable block1 =
                PayoutCalculator.compute(new PayoutInputs(FIFTY_BTC, exampleWindow(), List.of(), "alice", rules(3)));

        assertThat(block1.outputs())
                .containsExactly(
                        new Payout("alice", 2_500_000_000L, MINER),
                        new Payout("bob", 2_450_000_000L, MINER),
                        new Payout("pool", 50_000_000L, FEE));
        assertThat(CreditLedger.empty().afterBlock(block1, 101).credits())
                .containsExactly(new Credit("carol", 49_500_000L, 101));
    }

    @Test
    void blockTwoPaysCarolsCreditFirst() {
        CreditLedger ledger = CreditLedger.of(List.of(new Credit("carol", 49_500_000L, 101)));

        PayoutTable block2 = PayoutCalculator.compute(
                new PayoutInputs(FIFTY_BTC, exampleWindow(), ledger.credits(), "bob", rules(10)));

        assertThat(block2.outputs())
                .containsExactly(
                        new Payout("alice", 2_450_250_000L, MINER),
                        new Payout("bob", 2_401_245_000L, MINER),
                        new Payout("carol", 98_505_000L, MINER),
                        new Payout("pool", 50_000_000L, FEE));
        assertThat(ledger.afterBlock(block2, 102)).isEqualTo(CreditLedger.empty());
    }
}
