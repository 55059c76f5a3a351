package org.potluck.accounting.published;

/**
 * One output of a coinbase transaction as it is on chain.
 *
 * @param scriptPubKey hex of the output script
 */
public record PublishedOutput(long sats, String scriptPubKey) {}
