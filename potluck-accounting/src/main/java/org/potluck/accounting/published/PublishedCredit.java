package org.potluck.accounting.published;

import org.potluck.accounting.Credit;

/** A carried credit as published; unchecked, like {@link PublishedPayout}. */
public record PublishedCredit(String address, long sats, int sinceHeight) {

    public static PublishedCredit of(Credit credit) {
        return new PublishedCredit(credit.address(), credit.sats(), credit.sinceHeight());
    }

    /** The checked form; throws {@link IllegalArgumentException} for a credit the rule could never make. */
    public Credit toCredit() {
        return new Credit(address, sats, sinceHeight);
    }
}
