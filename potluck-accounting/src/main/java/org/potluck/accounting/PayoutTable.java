package org.potluck.accounting;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one job's coinbase pays, and what it owes.
 *
 * <p>Invariant, checked on construction: the outputs plus {@code unassignedSats} add up to exactly
 * {@code coinbaseValue}, every output is positive and no address appears twice.
 *
 * @param outputs        the coinbase outputs in coinbase order: miners (largest first, then by address), fee, donation
 * @param offeredCredits ledger credits this coinbase pays, in ledger order
 * @param excluded       miners left out by the output limits, each with a credit of its whole total, to be added to
 *                       the ledger if this job's block is found; their {@code sinceHeight} is {@link #PENDING_HEIGHT}
 *                       because the block height is given to {@link CreditLedger#afterBlock} only then
 * @param unassignedSats 0, except when the window is empty and there is neither a finder nor a fee address: then the
 *                       satoshis nobody can receive; the pool must not make such a job
 */
public record PayoutTable(
        List<Payout> outputs,
        List<Credit> offeredCredits,
        List<Credit> excluded,
        Window window,
        long coinbaseValue,
        long unassignedSats) {

    /** Placeholder height of {@link #excluded()} credits. */
    public static final int PENDING_HEIGHT = 0;

    public PayoutTable {
        outputs = List.copyOf(outputs);
        offeredCredits = List.copyOf(offeredCredits);
        excluded = List.copyOf(excluded);
        Objects.requireNonNull(window, "window");
        if (unassignedSats < 0) {
            throw new IllegalArgumentException("unassigned sats must not be negative, got " + unassignedSats);
        }
        Set<String> addresses = new HashSet<>();
        long sum = unassignedSats;
        for (Payout payout : outputs) {
            if (!addresses.add(payout.address())) {
                throw new IllegalArgumentException("address " + payout.address() + " appears twice in the outputs");
            }
            sum = Math.addExact(sum, payout.sats());
        }
        if (sum != coinbaseValue) {
            throw new IllegalArgumentException("outputs (" + (sum - unassignedSats) + ") plus unassigned ("
                    + unassignedSats + ") add up to " + sum + " sats, not the coinbase value " + coinbaseValue);
        }
        Set<String> excludedAddresses = new HashSet<>();
        for (Credit credit : excluded) {
            if (!excludedAddresses.add(credit.address())) {
                throw new IllegalArgumentException("address " + credit.address() + " excluded twice");
            }
            if (addresses.contains(credit.address())) {
                throw new IllegalArgumentException("address " + credit.address() + " is both paid and excluded");
            }
        }
    }

    /** The miner outputs, in coinbase order. */
    public List<Payout> minerOutputs() {
        return outputs.stream().filter(p -> p.kind() == Payout.Kind.MINER).toList();
    }

    /** True when every satoshi of the coinbase value goes to an output. */
    public boolean isComplete() {
        return unassignedSats == 0;
    }
}
