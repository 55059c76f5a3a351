package org.potluck.accounting.published;

import org.potluck.accounting.Payout;

/**
 * One output of a payout table as published: kept unchecked (unlike {@link Payout}) so that a reader can load what a
 * pool published even when it breaks the rules, and report it instead of failing.
 *
 * @param kind {@code MINER}, {@code FEE} or {@code DONATION}
 */
public record PublishedPayout(String address, long sats, String kind) {

    public static PublishedPayout of(Payout payout) {
        return new PublishedPayout(
                payout.address(), payout.sats(), payout.kind().name());
    }

    /** The checked form; throws {@link IllegalArgumentException} for a payout the rule could never make. */
    public Payout toPayout() {
        return new Payout(address, sats, Payout.Kind.valueOf(kind));
    }
}
