package org.potluck.web.dashboard;

import java.util.List;

/**
 * Who would be paid what if a block were found now: the coinbase split of the current work (solo: the finder and the
 * fee; PPLNS: the window's table). The pool implements it; the dashboard only shows it.
 */
@FunctionalInterface
public interface PayoutPreview {
    /** The outputs of the next block's coinbase, largest first is nice but not required. */
    List<Payout> nextBlock();

    /**
     * The payout scheme ("solo" or "pplns"): a solo pool has no split to preview (each miner's own coinbase pays
     * them), and the page says so instead of looking empty.
     */
    default String scheme() {
        return "pplns";
    }

    /** @param sats what {@code address} would receive, in satoshis */
    record Payout(String address, long sats) {}

    PayoutPreview NONE = List::of;
}
