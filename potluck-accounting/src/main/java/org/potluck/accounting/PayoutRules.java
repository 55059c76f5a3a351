package org.potluck.accounting;

import java.util.Objects;

/**
 * The operator's settings that shape a payout table.
 *
 * <p>A fee (or donation) with basis points but no address is charged as zero: nobody could receive it. The fee, the
 * donation and a basis-point finder bonus together may not exceed the whole reward (10000 basis points); the fee and
 * donation addresses must differ so that no address appears twice in a coinbase.
 *
 * @param maxOutputs    how many outputs the coinbase may carry for payouts, fee and donation included; at least 1
 * @param minOutputSats smallest miner output worth making; smaller ones are credited instead (the largest miner output
 *                      is always made)
 */
public record PayoutRules(
        int feeBasisPoints,
        String feeAddress,
        int donationBasisPoints,
        String donationAddress,
        FinderBonus finderBonus,
        int maxOutputs,
        long minOutputSats) {

    public PayoutRules {
        Money.requireBasisPoints("fee", feeBasisPoints);
        Money.requireBasisPoints("donation", donationBasisPoints);
        if (feeAddress != null) {
            Money.requireAddress("fee address", feeAddress);
        }
        if (donationAddress != null) {
            Money.requireAddress("donation address", donationAddress);
        }
        Objects.requireNonNull(finderBonus, "finderBonus (use FinderBonus.none())");
        int bonusBp = finderBonus instanceof FinderBonus.BasisPoints(int bp) ? bp : 0;
        if (feeBasisPoints + donationBasisPoints + bonusBp > Money.BASIS_POINTS_WHOLE) {
            throw new IllegalArgumentException("fee " + feeBasisPoints + " + donation " + donationBasisPoints
                    + " + finder bonus " + bonusBp + " basis points exceed the whole reward (10000)");
        }
        if (feeAddress != null && feeAddress.equals(donationAddress)) {
            throw new IllegalArgumentException(
                    "fee and donation go to the same address " + feeAddress + "; use one of them");
        }
        if (maxOutputs < 1) {
            throw new IllegalArgumentException("maxOutputs must be at least 1, got " + maxOutputs);
        }
        if (minOutputSats < 0) {
            throw new IllegalArgumentException("minOutputSats must not be negative, got " + minOutputSats);
        }
        Money.requireAtMostMaxMoney("minOutputSats", minOutputSats);
    }

    /** Pays everything to the miners: no fee, no donation, no bonus, no output limit, no minimum. */
    public static PayoutRules minersOnly() {
        return new PayoutRules(0, null, 0, null, FinderBonus.none(), Integer.MAX_VALUE, 0);
    }

    /** The same rules for a job whose coinbase may carry at most {@code outputs} payout outputs. */
    public PayoutRules withMaxOutputs(int outputs) {
        return new PayoutRules(
                feeBasisPoints, feeAddress, donationBasisPoints, donationAddress, finderBonus, outputs, minOutputSats);
    }
}
