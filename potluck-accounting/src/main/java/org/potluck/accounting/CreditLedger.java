package org.potluck.accounting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is owed what because an earlier coinbase left them out. Immutable: each found block gives a new ledger.
 * The ledger for a job at height H is the empty ledger after {@link #afterBlock} for each of the pool's accepted blocks
 * below H, in height order.
 */
public final class CreditLedger {
    private static final CreditLedger EMPTY = new CreditLedger(List.of());

    private final List<Credit> credits;

    private CreditLedger(List<Credit> ledgerOrdered) {
        this.credits = List.copyOf(ledgerOrdered);
    }

    public static CreditLedger empty() {
        return EMPTY;
    }

    /** A ledger holding {@code credits} (any order; at most one per address). */
    public static CreditLedger of(Collection<Credit> credits) {
        Objects.requireNonNull(credits, "credits");
        Set<String> seen = new HashSet<>();
        List<Credit> sorted = new ArrayList<>(credits.size());
        for (Credit credit : credits) {
            Objects.requireNonNull(credit, "credit");
            if (!seen.add(credit.address())) {
                throw new IllegalArgumentException("two credits for address " + credit.address());
            }
            sorted.add(credit);
        }
        sorted.sort(Credit.LEDGER_ORDER);
        return new CreditLedger(sorted);
    }

    /** The credits in ledger order: oldest {@code sinceHeight} first, then by address. */
    public List<Credit> credits() {
        return credits;
    }

    public Optional<Credit> creditOf(String address) {
        return credits.stream().filter(c -> c.address().equals(address)).findFirst();
    }

    public long totalSats() {
        long sum = 0;
        for (Credit credit : credits) {
            sum = Math.addExact(sum, credit.sats());
        }
        return sum;
    }

    /**
     * The ledger once the block made from {@code table} is found at {@code height}: the credits the table offered are
     * settled (paid, or owed again through {@code excluded}), and each excluded miner is owed its total from this
     * height on; an address that is already owed adds the sats and keeps its older height.
     *
     * @throws IllegalArgumentException if the table offered a credit this ledger does not hold exactly (the table was
     *                                  made from another ledger), or if {@code height} is below a height already in
     *                                  the ledger (blocks must be replayed in height order)
     */
    public CreditLedger afterBlock(PayoutTable table, int height) {
        Objects.requireNonNull(table, "payout table");
        if (height < 0) {
            throw new IllegalArgumentException("block height must not be negative, got " + height);
        }
        List<Credit> remaining = new ArrayList<>(credits);
        for (Credit offered : table.offeredCredits()) {
            if (!remaining.remove(offered)) {
                throw new IllegalArgumentException("the table offered " + offered + ", which this ledger does not hold"
                        + " (the table was computed from another ledger)");
            }
        }
        for (Credit credit : remaining) {
            if (credit.sinceHeight() > height) {
                throw new IllegalArgumentException("block at height " + height + " replayed after a credit from height "
                        + credit.sinceHeight() + "; replay blocks in height order");
            }
        }
        for (Credit owed : table.excluded()) {
            int at = indexOf(remaining, owed.address());
            if (at >= 0) {
                Credit old = remaining.get(at);
                remaining.set(at, new Credit(old.address(), Math.addExact(old.sats(), owed.sats()), old.sinceHeight()));
            } else {
                remaining.add(new Credit(owed.address(), owed.sats(), height));
            }
        }
        remaining.sort(Credit.LEDGER_ORDER);
        return new CreditLedger(remaining);
    }

    private static int indexOf(List<Credit> credits, String address) {
        for (int i = 0; i < credits.size(); i++) {
            if (credits.get(i).address().equals(address)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreditLedger other && credits.equals(other.credits);
    }

    @Override
    public int hashCode() {
        return credits.hashCode();
    }

    @Override
    public String toString() {
        return "CreditLedger" + credits;
    }
}
