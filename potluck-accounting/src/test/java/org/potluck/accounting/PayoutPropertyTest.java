package org.potluck.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Many random pools, each with a fixed seed so that a failure names the seed that reproduces it. (Plain
 * java.util.Random: jqwik's maintainer asks that it not be used by AI agents.)
 */
class PayoutPropertyTest {
    private static final int RUNS = 1_000;

    private record Case(
            List<WindowShare> shares,
            long windowEnd,
            BigDecimal windowSize,
            long reward,
            List<Credit> credits,
            String finder,
            PayoutRules rules) {}

    private static Case randomCase(Random rnd) {
        int addressCount = 1 + rnd.nextInt(12);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < addressCount; i++) {
            addresses.add("bc1qminer" + i);
        }
        List<WindowShare> shares = new ArrayList<>();
        int shareCount = rnd.nextInt(80);
        long seq = 1 + rnd.nextInt(1000);
        for (int i = 0; i < shareCount; i++) {
            double difficulty = switch (rnd.nextInt(4)) {
                case 0 -> 1 + rnd.nextInt(64);
                case 1 -> rnd.nextDouble() * 1e6;
                case 2 -> rnd.nextDouble();
                default -> rnd.nextInt(50) == 0 ? 0.0 : Math.scalb(rnd.nextDouble(), rnd.nextInt(40) - 20);
            };
            shares.add(WindowShare.of(seq, addresses.get(rnd.nextInt(addressCount)), difficulty));
            seq += 1 + rnd.nextInt(3);
        }
        long windowEnd = rnd.nextInt(5) == 0 ? seq / 2 : seq;
        BigDecimal windowSize = BigDecimal.valueOf(1 + rnd.nextInt(8))
                .multiply(BigDecimal.valueOf(Math.scalb(0.5 + rnd.nextDouble(), rnd.nextInt(30) - 5)));
        long reward = switch (rnd.nextInt(3)) {
            case 0 -> 1 + rnd.nextInt(1000);
            case 1 -> 312_500_000L + rnd.nextInt(50_000_000);
            default -> 1 + (long) (rnd.nextDouble() * 2_100_000_000_000_000L);
        };
        List<Credit> credits = new ArrayList<>();
        for (String a : addresses) {
            if (rnd.nextInt(4) == 0) {
                credits.add(new Credit(a, 1 + (long) (rnd.nextDouble() * reward / 3), rnd.nextInt(20)));
            }
        }
        if (rnd.nextInt(4) == 0) {
            credits.add(new Credit("bc1qgone", 1 + rnd.nextInt(1000), rnd.nextInt(20)));
        }
        String feeAddress = switch (rnd.nextInt(4)) {
            case 0 -> null;
            case 1 -> addresses.get(rnd.nextInt(addressCount)); // the operator mines too
            default -> "bc1qfee";
        };
        String donationAddress = rnd.nextBoolean() ? null : "bc1qdonation";
        int feeBp = rnd.nextInt(500);
        int donationBp = rnd.nextInt(300);
        FinderBonus bonus = switch (rnd.nextInt(3)) {
            case 0 -> FinderBonus.none();
            case 1 -> FinderBonus.fixedSats((long) (rnd.nextDouble() * Math.min(reward * 1.2, 2.1e15)));
            default -> FinderBonus.basisPoints(rnd.nextInt(1000));
        };
        int maxOutputs = 1 + rnd.nextInt(15);
        long minOutputSats = rnd.nextBoolean() ? 0 : (long) (rnd.nextDouble() * reward / 10);
        String finder = switch (rnd.nextInt(4)) {
            case 0 -> null;
            case 1 -> feeAddress;
            case 2 -> "bc1qnewcomer";
            default -> addresses.get(rnd.nextInt(addressCount));
        };
        PayoutRules rules =
                new PayoutRules(feeBp, feeAddress, donationBp, donationAddress, bonus, maxOutputs, minOutputSats);
        return new Case(shares, windowEnd, windowSize, reward, credits, finder, rules);
    }

    private static PayoutTable compute(Case c, List<WindowShare> shares, List<Credit> credits) {
        Window window = PplnsWindow.selectEndingAt(shares, c.windowEnd(), c.windowSize());
        return PayoutCalculator.compute(new PayoutInputs(c.reward(), window, credits, c.finder(), c.rules()));
    }

    @Test
    void everyRandomPoolPaysTheWholeRewardInPositiveOutputsToDistinctAddressesWhateverTheInputOrder() {
        int withExclusions = 0;
        int withOfferedCredits = 0;
        int withCreditsLeftWaiting = 0;
        int withEmptyWindow = 0;
        int withOperatorMining = 0;
        for (long seed = 1; seed <= RUNS; seed++) {
            Random rnd = new Random(seed);
            Case c = randomCase(rnd);
            PayoutTable table = compute(c, c.shares(), c.credits());
            String where = "seed " + seed;

            long sum = table.outputs().stream().mapToLong(Payout::sats).sum();
            boolean nobodyToPay =
                    table.window().isEmpty() && c.finder() == null && c.rules().feeAddress() == null;
            assertThat(sum + table.unassignedSats()).as(where).isEqualTo(c.reward());
            if (!nobodyToPay) {
                assertThat(sum).as(where + ": whole reward paid").isEqualTo(c.reward());
            }
            assertThat(table.outputs())
                    .as(where)
                    .allSatisfy(p -> assertThat(p.sats()).isPositive());
            Set<String> seen = new HashSet<>();
            assertThat(table.outputs())
                    .as(where)
                    .allSatisfy(p -> assertThat(seen.add(p.address())).isTrue());

            // The limits hold: at most the miner slots, and nothing earned vanishes (excluded ones are owed).
            long feeAndDonation = table.outputs().size() - table.minerOutputs().size();
            assertThat((long) table.minerOutputs().size())
                    .as(where)
                    .isLessThanOrEqualTo(Math.max(1, c.rules().maxOutputs() - feeAndDonation));
            CreditLedger ledger = CreditLedger.of(c.credits());
            CreditLedger after = ledger.afterBlock(table, 100);
            long offered =
                    table.offeredCredits().stream().mapToLong(Credit::sats).sum();
            long owed = table.excluded().stream().mapToLong(Credit::sats).sum();
            assertThat(after.totalSats()).as(where).isEqualTo(ledger.totalSats() - offered + owed);

            // Same shares and credits in another order give the very same table.
            List<WindowShare> shuffledShares = new ArrayList<>(c.shares());
            Collections.shuffle(shuffledShares, rnd);
            List<Credit> shuffledCredits = new ArrayList<>(c.credits());
            Collections.shuffle(shuffledCredits, rnd);
            assertThat(compute(c, shuffledShares, shuffledCredits)).as(where).isEqualTo(table);

            withExclusions += table.excluded().isEmpty() ? 0 : 1;
            withOfferedCredits += table.offeredCredits().isEmpty() ? 0 : 1;
            withCreditsLeftWaiting +=
                    table.offeredCredits().size() < c.credits().size() ? 1 : 0;
            withEmptyWindow += table.window().isEmpty() ? 1 : 0;
            withOperatorMining += c.rules().feeAddress() != null
                            && table.window().weights().containsKey(c.rules().feeAddress())
                    ? 1
                    : 0;
        }
        // The generator must reach every branch of the rule often, or the checks above prove little.
        assertThat(List.of(
                        withExclusions,
                        withOfferedCredits,
                        withCreditsLeftWaiting,
                        withEmptyWindow,
                        withOperatorMining))
                .allSatisfy(n -> assertThat(n).isGreaterThan(RUNS / 50));
    }

    @Test
    void newestFirstSelectionAgreesWithAnyOrderSelection() {
        for (long seed = 1; seed <= RUNS / 4; seed++) {
            Random rnd = new Random(seed);
            Case c = randomCase(rnd);
            List<WindowShare> newestFirst = new ArrayList<>(c.shares().stream()
                    .filter(s -> s.sequence() <= c.windowEnd())
                    .toList());
            Collections.reverse(newestFirst);

            assertThat(PplnsWindow.select(newestFirst, c.windowSize()))
                    .as("seed " + seed)
                    .isEqualTo(PplnsWindow.selectEndingAt(c.shares(), c.windowEnd(), c.windowSize()));
        }
    }
}
