package org.potluck.accounting.published;

import java.math.BigDecimal;
import org.potluck.accounting.FinderBonus;
import org.potluck.accounting.PayoutRules;

/**
 * The operator's settings every payout is computed with, as published at {@code /api/v1/rules}.
 *
 * @param network                bitcoin network name ({@code main}, {@code regtest}, {@code bcoin-regtest}, ...): how
 *                               addresses turn into scripts
 * @param scheme                 {@code solo} or {@code pplns}
 * @param windowMultiplier       window size in network difficulties (a JSON number, read exactly)
 * @param finderBonusSats        fixed finder bonus; at most one of the two bonus fields is non-zero
 * @param finderBonusBasisPoints finder bonus as a share of the reward
 * @param maxOutputs             the configured output limit; each job publishes the (possibly smaller) one it used
 * @param versionMask            the pool's version-rolling mask, 8 hex digits: header version =
 *                               {@code (job.version & ~mask) | (versionBits & mask)}
 */
public record PublishedRules(
        String network,
        String scheme,
        BigDecimal windowMultiplier,
        int feeBasisPoints,
        String feeAddress,
        int donationBasisPoints,
        String donationAddress,
        long finderBonusSats,
        int finderBonusBasisPoints,
        int maxOutputs,
        long minOutputSats,
        String versionMask) {

    public static PublishedRules of(
            String network, String scheme, BigDecimal windowMultiplier, PayoutRules rules, int versionMask) {
        long bonusSats = rules.finderBonus() instanceof FinderBonus.FixedSats(long sats) ? sats : 0;
        int bonusBp = rules.finderBonus() instanceof FinderBonus.BasisPoints(int bp) ? bp : 0;
        return new PublishedRules(
                network,
                scheme,
                windowMultiplier,
                rules.feeBasisPoints(),
                rules.feeAddress(),
                rules.donationBasisPoints(),
                rules.donationAddress(),
                bonusSats,
                bonusBp,
                rules.maxOutputs(),
                rules.minOutputSats(),
                U32Hex.format(versionMask));
    }

    public int versionMaskValue() {
        return U32Hex.parse(versionMask, "rules versionMask");
    }

    public FinderBonus finderBonus() {
        if (finderBonusSats != 0 && finderBonusBasisPoints != 0) {
            throw new IllegalArgumentException("rules give both a fixed finder bonus (" + finderBonusSats
                    + " sats) and one in basis points (" + finderBonusBasisPoints + "); at most one may be set");
        }
        if (finderBonusSats != 0) {
            return FinderBonus.fixedSats(finderBonusSats);
        }
        return finderBonusBasisPoints != 0 ? FinderBonus.basisPoints(finderBonusBasisPoints) : FinderBonus.none();
    }

    /** The payout rules of a job computed with output limit {@code jobMaxOutputs}. */
    public PayoutRules payoutRules(int jobMaxOutputs) {
        return new PayoutRules(
                feeBasisPoints,
                feeAddress,
                donationBasisPoints,
                donationAddress,
                finderBonus(),
                jobMaxOutputs,
                minOutputSats);
    }
}
