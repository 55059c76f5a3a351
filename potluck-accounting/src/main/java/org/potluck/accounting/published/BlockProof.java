package org.potluck.accounting.published;

import java.math.BigDecimal;
import java.util.List;

/**
 * Everything the payout of one found block was computed from, so that anyone can redo it by hand or with
 * {@code PayoutCalculator}: the job (with the table its coinbase committed to), the rules, the credit ledger the job
 * started from and the shares of its window.
 *
 * @param creditsBefore the credit ledger at the job's height, in ledger order: replayed from the pool's accepted blocks
 *                      below it with their published tables
 * @param windowSize    W* = rules.windowMultiplier × network difficulty of job.nbits
 * @param window        the window the rule selects from {@code windowShares}
 * @param windowShares  the shares walked for the window, newest first (the oldest may count only in part)
 */
public record BlockProof(
        PublishedBlock block,
        PublishedJob job,
        PublishedRules rules,
        List<PublishedCredit> creditsBefore,
        BigDecimal windowSize,
        PublishedWindow window,
        List<PublishedShare> windowShares) {

    public BlockProof {
        creditsBefore = List.copyOf(creditsBefore);
        windowShares = List.copyOf(windowShares);
    }
}
