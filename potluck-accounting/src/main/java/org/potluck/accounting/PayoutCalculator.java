package org.potluck.accounting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PPLNS payout rule (docs/payouts.md): from one job's {@link PayoutInputs} to the {@link PayoutTable} its coinbase
 * commits to. Pure and deterministic, so that the pool and {@code potluck verify} agree to the satoshi.
 *
 * <p>Decisions beyond the written rule, so that no address appears twice in a coinbase:
 * <ul>
 *   <li>A miner whose address is the fee (or donation) address is paid inside that output: its miner total is added
 *       to the fee (donation) output, it takes no miner slot and is never excluded.</li>
 *   <li>When the window is empty and there is no finder, the remainder goes to the fee address even if the fee is 0
 *       basis points; the fee output then exists and takes its slot.</li>
 *   <li>Slots are counted from the fee and donation outputs that actually exist (value above 0) after the above.</li>
 *   <li>Excluded credits are listed in the order the limits walk meets them (largest total first, then address).</li>
 * </ul>
 */
public final class PayoutCalculator {
    private record MinerTotal(String address, long sats) {}

    private static final Comparator<MinerTotal> LARGEST_FIRST =
            Comparator.comparingLong(MinerTotal::sats).reversed().thenComparing(MinerTotal::address);

    private PayoutCalculator() {}

    public static PayoutTable compute(PayoutInputs in) {
        long reward = in.coinbaseValue();
        PayoutRules rules = in.rules();
        String finder = in.finderAddress();

        // 1. Fee, donation and finder bonus come off the top, each rounded down.
        long fee = rules.feeAddress() == null ? 0 : Money.basisPointsOf(reward, rules.feeBasisPoints());
        long donation = rules.donationAddress() == null ? 0 : Money.basisPointsOf(reward, rules.donationBasisPoints());
        long bonus = finder == null
                ? 0
                : switch (rules.finderBonus()) {
                    case FinderBonus.None none -> 0L;
                    case FinderBonus.FixedSats(long sats) -> Math.min(sats, reward - fee - donation);
                    case FinderBonus.BasisPoints(int bp) -> Money.basisPointsOf(reward, bp);
                };
        long pot = reward - fee - donation - bonus;
        if (pot < 0) {
            throw new IllegalStateException("fee, donation and bonus exceed the coinbase value " + reward);
        }

        // 2. Old debts first, in ledger order, stopping at the first that does not fit.
        List<Credit> offered = new ArrayList<>();
        long offeredSum = 0;
        for (Credit credit : in.credits()) {
            if (credit.sats() > pot - offeredSum) {
                break;
            }
            offered.add(credit);
            offeredSum += credit.sats();
        }
        long rest = pot - offeredSum;

        // 3 + 4. Per-address miner totals: offered credit + window share + bonus.
        TreeMap<String, Long> totals = new TreeMap<>();
        for (Credit credit : offered) {
            totals.merge(credit.address(), credit.sats(), Math::addExact);
        }
        long unassigned = 0;
        Window window = in.window();
        if (!window.isEmpty()) {
            LargestRemainder.split(rest, window.weights())
                    .byAddress()
                    .forEach((address, sats) -> totals.merge(address, sats, Math::addExact));
        } else if (rest > 0) {
            if (finder != null) {
                totals.merge(finder, rest, Math::addExact);
            } else if (rules.feeAddress() != null) {
                fee += rest;
            } else {
                unassigned = rest;
            }
        }
        if (bonus > 0) {
            totals.merge(finder, bonus, Math::addExact);
        }
        long feeOutput = fee + takeTotal(totals, rules.feeAddress());
        long donationOutput = donation + takeTotal(totals, rules.donationAddress());

        // 5. Output limits: walk largest first; the largest is always paid; the rest is credited and redistributed.
        List<MinerTotal> miners = new ArrayList<>();
        totals.forEach((address, sats) -> {
            if (sats > 0) {
                miners.add(new MinerTotal(address, sats));
            }
        });
        miners.sort(LARGEST_FIRST);
        int slots = Math.max(1, rules.maxOutputs() - (feeOutput > 0 ? 1 : 0) - (donationOutput > 0 ? 1 : 0));
        TreeMap<String, Long> included = new TreeMap<>();
        List<Credit> excluded = new ArrayList<>();
        long excludedSum = 0;
        for (MinerTotal miner : miners) {
            boolean first = included.isEmpty();
            if (first || (included.size() < slots && miner.sats() >= rules.minOutputSats())) {
                included.put(miner.address(), miner.sats());
            } else {
                excluded.add(new Credit(miner.address(), miner.sats(), PayoutTable.PENDING_HEIGHT));
                excludedSum += miner.sats();
            }
        }
        Map<String, Long> finalAmounts = included;
        if (excludedSum > 0) {
            TreeMap<String, Long> extra =
                    LargestRemainder.splitByLongs(excludedSum, included).byAddress();
            TreeMap<String, Long> summed = new TreeMap<>();
            included.forEach((address, sats) -> summed.put(address, Math.addExact(sats, extra.get(address))));
            finalAmounts = summed;
        }

        // 6. Coinbase order: miners largest first, then fee, then donation.
        List<MinerTotal> paid = new ArrayList<>();
        finalAmounts.forEach((address, sats) -> paid.add(new MinerTotal(address, sats)));
        paid.sort(LARGEST_FIRST);
        List<Payout> outputs = new ArrayList<>(paid.size() + 2);
        for (MinerTotal miner : paid) {
            outputs.add(new Payout(miner.address(), miner.sats(), Payout.Kind.MINER));
        }
        if (feeOutput > 0) {
            outputs.add(new Payout(rules.feeAddress(), feeOutput, Payout.Kind.FEE));
        }
        if (donationOutput > 0) {
            outputs.add(new Payout(rules.donationAddress(), donationOutput, Payout.Kind.DONATION));
        }

        long claimed = unassigned;
        for (Payout payout : outputs) {
            claimed = Math.addExact(claimed, payout.sats());
        }
        if (claimed != reward) {
            throw new IllegalStateException("payout rule bug: outputs plus unassigned are " + claimed
                    + " sats, not the coinbase value " + reward);
        }
        return new PayoutTable(outputs, offered, excluded, window, reward, unassigned);
    }

    private static long takeTotal(TreeMap<String, Long> totals, String address) {
        if (address == null) {
            return 0;
        }
        Long sats = totals.remove(address);
        return sats == null ? 0 : sats;
    }
}
