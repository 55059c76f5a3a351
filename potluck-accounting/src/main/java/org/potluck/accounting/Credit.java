package org.potluck.accounting;

import java.util.Comparator;

/**
 * Satoshis an address earned but was not paid in a coinbase (left out by the output limits), carried until a later
 * coinbase pays them first.
 *
 * @param address     the payout address owed
 * @param sats        how much it is owed, more than zero
 * @param sinceHeight height of the block whose coinbase left the address out (the oldest one, when credits merged);
 *                    in a {@link PayoutTable#excluded()} list it is {@link PayoutTable#PENDING_HEIGHT}, because the
 *                    height is only known once that job's block is found
 */
public record Credit(String address, long sats, int sinceHeight) {
    /** Ledger order: oldest first, then address, so that the earliest debts are paid first. */
    public static final Comparator<Credit> LEDGER_ORDER =
            Comparator.comparingInt(Credit::sinceHeight).thenComparing(Credit::address);

    public Credit {
        Money.requireAddress("credit address", address);
        if (sats <= 0) {
            throw new IllegalArgumentException("credit for " + address + " must be positive, got " + sats + " sats");
        }
        Money.requireAtMostMaxMoney("credit for " + address, sats);
        if (sinceHeight < 0) {
            throw new IllegalArgumentException("credit for " + address + " has a negative height " + sinceHeight);
        }
    }
}
