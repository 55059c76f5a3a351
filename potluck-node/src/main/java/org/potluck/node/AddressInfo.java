package org.potluck.node;

/**
 * The node's verdict on an address.
 *
 * @param scriptPubKeyHex the output script paying to the address; null if the address is invalid
 */
public record AddressInfo(boolean valid, String scriptPubKeyHex) {}
