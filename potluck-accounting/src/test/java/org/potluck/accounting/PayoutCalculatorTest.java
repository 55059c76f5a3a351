package org.potluck.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.potluck.accounting.Payout.Kind.DONATION;
import static org.potluck.accounting.Payout.Kind.FEE;
import static org.potluck.accounting.Payout.Kind.MINER;
import static org.potluck.accounting.TestWindows.window;

import java.util.List;
import org.junit.jupiter.api.Test;

class PayoutCalculatorTest {
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    private static PayoutRules rules(
            int feeBp,
            String feeAddress,
            int donationBp,
            String donationAddress,
            FinderBonus bonus,
            int maxOutputs,
            long minOutputSats) {
        return new PayoutRules(feeBp, feeAddress, donationBp, donationAddress, bonus, maxOutputs, minOutputSats);
    }

    private static PayoutTable compute(
            long reward, Window window, List<Credit> credits, String finder, PayoutRules rules) {
        return PayoutCalculator.compute(new PayoutInputs(reward, window, credits, finder, rules));
    }

    @Test
    void feeDonationAndBonusAreEachRoundedDown() {
        // 1,234,567 × 150 / 10000 = 18,518.505 -> 18,518; × 33 -> 4,074.0711 -> 4,074; × 7 -> 864.1969 -> 864.
        // Miner pot: 1,234,567 − 18,518 − 4,074 − 864 = 1,211,111; alice (also the finder) gets it plus the bonus.
        PayoutTable t = compute(
                1_234_567,
                window("alice", "1"),
                List.of(),
                "alice",
                rules(150, "fee", 33, "don", FinderBonus.basisPoints(7), NO_LIMIT, 0));

        assertThat(t.outputs())
                .containsExactly(
                        new Payout("alice", 1_211_975, MINER),
                        new Payout("fee", 18_518, FEE),
                        new Payout("don", 4_074, DONATION));
    }

    @Test
    void feeWithoutAnAddressIsNotCharged() {
        PayoutTable t = compute(
                1000,
                window("alice", "1"),
                List.of(),
                null,
                rules(500, null, 0, null, FinderBonus.none(), NO_LIMIT, 0));

        assertThat(t.outputs()).containsExactly(new Payout("alice", 1000, MINER));
    }

    @Test
    void fixedFinderBonusIsCappedAtWhatFeeAndDonationLeave() {
        // 1000 − 500 fee − 400 donation leaves 100: the 250 bonus shrinks to 100 and the window gets nothing.
        PayoutTable t = compute(
                1000,
                window("alice", "1", "bob", "1"),
                List.of(),
                "carol",
                rules(5000, "fee", 4000, "don", FinderBonus.fixedSats(250), NO_LIMIT, 0));

        assertThat(t.outputs())
                .containsExactly(
                        new Payout("carol", 100, MINER), new Payout("fee", 500, FEE), new Payout("don", 400, DONATION));
    }

    @Test
    void bonusIsOnlyPaidWhenThereIsAFinder() {
        PayoutTable t = compute(
                1000,
                window("alice", "1"),
                List.of(),
                null,
                rules(0, null, 0, null, FinderBonus.fixedSats(250), NO_LIMIT, 0));

        assertThat(t.outputs()).containsExactly(new Payout("alice", 1000, MINER));
    }

    @Test
    void leftoverSatoshisGoToTheLargestRemaindersFirst() {
        // 100 over weights a 4, b 1, c 2 (total 7): 57.14, 14.29, 28.57 -> floors 57 + 14 + 28 = 99;
        // the one leftover goes to c, whose remainder .57 is the largest.
        PayoutTable t = compute(100, window("a", "4", "b", "1", "c", "2"), List.of(), null, PayoutRules.minersOnly());

        assertThat(t.outputs())
                .containsExactly(new Payout("a", 57, MINER), new Payout("c", 29, MINER), new Payout("b", 14, MINER));
    }

    @Test
    void equalRemaindersAreBrokenByAddressAscending() {
        // 10 over three equal weights: 3 each and one left over; all remainders equal, so "a" gets it.
        PayoutTable t = compute(10, window("c", "1", "a", "1", "b", "1"), List.of(), null, PayoutRules.minersOnly());

        assertThat(t.outputs())
                .containsExactly(new Payout("a", 4, MINER), new Payout("b", 3, MINER), new Payout("c", 3, MINER));
    }

    @Test
    void emptyWindowPaysTheFinder() {
        PayoutTable t = compute(
                1000,
                Window.empty(),
                List.of(),
                "finder",
                rules(100, "fee", 0, null, FinderBonus.fixedSats(5), NO_LIMIT, 0));

        assertThat(t.outputs()).containsExactly(new Payout("finder", 990, MINER), new Payout("fee", 10, FEE));
        assertThat(t.isComplete()).isTrue();
    }

    @Test
    void emptyWindowWithoutFinderPaysTheFeeAddress() {
        PayoutTable t = compute(
                1000, Window.empty(), List.of(), null, rules(100, "fee", 0, null, FinderBonus.none(), NO_LIMIT, 0));

        assertThat(t.outputs()).containsExactly(new Payout("fee", 1000, FEE));
    }

    @Test
    void emptyWindowWithNeitherFinderNorFeeAddressReportsTheRestUnassigned() {
        PayoutTable t = compute(
                1000, Window.empty(), List.of(), null, rules(0, null, 300, "don", FinderBonus.none(), NO_LIMIT, 0));

        assertThat(t.outputs()).containsExactly(new Payout("don", 30, DONATION));
        assertThat(t.unassignedSats()).isEqualTo(970);
        assertThat(t.isComplete()).isFalse();
    }

    @Test
    void creditsArePaidFirstInLedgerOrderStoppingAtTheFirstThatDoesNotFit() {
        // Ledger order is by height, then address: x(5) 300, y(6) 650, z(6) 100, w(7) 40. 300 + 650 = 950 fits the
        // pot of 1000; z's 100 does not, so it and everything after it wait, even w's 40 that would fit.
        List<Credit> credits = List.of(
                new Credit("w", 40, 7), new Credit("z", 100, 6), new Credit("y", 650, 6), new Credit("x", 300, 5));

        PayoutTable t = compute(1000, window("alice", "1"), credits, null, PayoutRules.minersOnly());

        assertThat(t.offeredCredits()).containsExactly(new Credit("x", 300, 5), new Credit("y", 650, 6));
        assertThat(t.outputs())
                .containsExactly(
                        new Payout("y", 650, MINER), new Payout("x", 300, MINER), new Payout("alice", 50, MINER));
    }

    @Test
    void creditIsAddedToTheSameAddressesWindowShare() {
        PayoutTable t = compute(
                1000,
                window("alice", "1", "bob", "1"),
                List.of(new Credit("bob", 100, 1)),
                null,
                PayoutRules.minersOnly());

        assertThat(t.outputs()).containsExactly(new Payout("bob", 550, MINER), new Payout("alice", 450, MINER));
    }

    @Test
    void outputsBeyondMaxOutputsAreExcludedCreditedAndRedistributed() {
        // Window a 5, b 3, c 1, d 1 of 1000: 500, 300, 100, 100. Two slots: a and b are paid; c and d (200 together)
        // are credited their own 100 each, and the 200 is shared 500:300 -> a +125, b +75.
        PayoutTable t = compute(
                1000,
                window("a", "5", "b", "3", "c", "1", "d", "1"),
                List.of(),
                null,
                rules(0, null, 0, null, FinderBonus.none(), 2, 0));

        assertThat(t.outputs()).containsExactly(new Payout("a", 625, MINER), new Payout("b", 375, MINER));
        assertThat(t.excluded())
                .containsExactly(
                        new Credit("c", 100, PayoutTable.PENDING_HEIGHT),
                        new Credit("d", 100, PayoutTable.PENDING_HEIGHT));
    }

    @Test
    void feeAndDonationOutputsTakeSlotsFromMaxOutputs() {
        // maxOutputs 3 with a fee and a donation output leaves one miner slot.
        PayoutTable t = compute(
                10_000,
                window("a", "3", "b", "1"),
                List.of(),
                null,
                rules(100, "fee", 100, "don", FinderBonus.none(), 3, 0));

        assertThat(t.minerOutputs()).containsExactly(new Payout("a", 9_800, MINER));
        assertThat(t.excluded()).containsExactly(new Credit("b", 2_450, PayoutTable.PENDING_HEIGHT));
    }

    @Test
    void outputsBelowMinOutputSatsAreExcludedCreditedAndRedistributed() {
        PayoutTable t = compute(
                1000,
                window("a", "5", "b", "3", "c", "1", "d", "1"),
                List.of(),
                null,
                rules(0, null, 0, null, FinderBonus.none(), NO_LIMIT, 150));

        assertThat(t.outputs()).containsExactly(new Payout("a", 625, MINER), new Payout("b", 375, MINER));
        assertThat(t.excluded())
                .extracting(Credit::address, Credit::sats)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c", 100L), org.assertj.core.groups.Tuple.tuple("d", 100L));
    }

    @Test
    void redistributionLeftoversGoByLargestRemainderThenAddress() {
        // 1000 over a 2, b 2, c 1: 400, 400, 200; two slots, so c's 200 goes to a and b: 100 each exactly.
        // Then 1001: floors 400, 400, 200, leftover 1 with equal remainders -> a. a 401, b 400, c 200 excluded:
        // 200 shared 401:400 = 100.12 and 99.87 -> 100 + 99 = 199; the last sat goes to b (.87 > .12).
        PayoutTable t = compute(
                1001,
                window("a", "2", "b", "2", "c", "1"),
                List.of(),
                null,
                rules(0, null, 0, null, FinderBonus.none(), 2, 0));

        assertThat(t.outputs()).containsExactly(new Payout("a", 501, MINER), new Payout("b", 500, MINER));
    }

    @Test
    void largestOutputIsPaidEvenBelowTheMinimum() {
        PayoutTable t = compute(
                1000,
                window("a", "5", "b", "3", "c", "2"),
                List.of(),
                null,
                rules(0, null, 0, null, FinderBonus.none(), NO_LIMIT, 10_000));

        assertThat(t.outputs()).containsExactly(new Payout("a", 1000, MINER));
        assertThat(t.excluded()).extracting(Credit::address).containsExactly("b", "c");
    }

    @Test
    void minerPayingToTheFeeAddressIsPaidInsideTheFeeOutput() {
        PayoutTable t = compute(
                1000,
                window("op", "1", "bob", "1"),
                List.of(),
                null,
                rules(1000, "op", 0, null, FinderBonus.none(), NO_LIMIT, 0));

        assertThat(t.outputs()).containsExactly(new Payout("bob", 450, MINER), new Payout("op", 550, FEE));
    }

    @Test
    void inconsistentRulesAndInputsAreRefused() {
        assertThatThrownBy(() -> rules(6000, "fee", 5000, "don", FinderBonus.none(), 1, 0))
                .hasMessageContaining("exceed the whole reward");
        assertThatThrownBy(() -> rules(10, "same", 10, "same", FinderBonus.none(), 1, 0))
                .hasMessageContaining("same address");
        assertThatThrownBy(() -> rules(0, null, 0, null, FinderBonus.none(), 0, 0))
                .hasMessageContaining("maxOutputs");
        assertThatThrownBy(() -> FinderBonus.basisPoints(10_001)).hasMessageContaining("basis points");
        assertThatThrownBy(() -> new PayoutInputs(0, Window.empty(), List.of(), null, PayoutRules.minersOnly()))
                .hasMessageContaining("coinbase value");
        assertThatThrownBy(() -> new PayoutInputs(
                        10,
                        Window.empty(),
                        List.of(new Credit("a", 1, 1), new Credit("a", 2, 2)),
                        null,
                        PayoutRules.minersOnly()))
                .hasMessageContaining("two credits");
        assertThatThrownBy(() -> new Credit("a", 0, 1)).hasMessageContaining("positive");
    }

    @Test
    void tableRefusesOutputsThatDoNotAddUpToTheCoinbaseValue() {
        assertThatThrownBy(() -> new PayoutTable(
                        List.of(new Payout("a", 10, MINER)), List.of(), List.of(), Window.empty(), 11, 0))
                .hasMessageContaining("not the coinbase value 11");
        assertThatThrownBy(() -> new PayoutTable(
                        List.of(new Payout("a", 5, MINER), new Payout("a", 5, FEE)),
                        List.of(),
                        List.of(),
                        Window.empty(),
                        10,
                        0))
                .hasMessageContaining("twice");
    }
}
