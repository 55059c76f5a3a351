package org.potluck.accounting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one job's payout table depends on; the pool and the verifier build it from the same data.
 *
 * @param coinbaseValue R: subsidy plus fees of the template, in sats, more than zero
 * @param credits       the credit ledger for the job's height; kept in ledger order ({@link Credit#LEDGER_ORDER})
 *                      whatever order it is given in, and at most one credit per address
 * @param finderAddress the address of the session the coinbase is made for, or null
 */
public record PayoutInputs(
        long coinbaseValue, Window window, List<Credit> credits, String finderAddress, PayoutRules rules) {

    public PayoutInputs {
        if (coinbaseValue <= 0) {
            throw new IllegalArgumentException("coinbase value must be positive, got " + coinbaseValue + " sats");
        }
        Money.requireAtMostMaxMoney("coinbase value", coinbaseValue);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(credits, "credits (use an empty list)");
        Objects.requireNonNull(rules, "rules");
        if (finderAddress != null) {
            Money.requireAddress("finder address", finderAddress);
        }
        List<Credit> sorted = new ArrayList<>(credits.size());
        Set<String> seen = new HashSet<>();
        for (Credit credit : credits) {
            Objects.requireNonNull(credit, "credit");
            if (!seen.add(credit.address())) {
                throw new IllegalArgumentException(
                        "two credits for address " + credit.address() + "; a ledger holds at most one per address");
            }
            sorted.add(credit);
        }
        sorted.sort(Credit.LEDGER_ORDER);
        credits = List.copyOf(sorted);
    }
}
