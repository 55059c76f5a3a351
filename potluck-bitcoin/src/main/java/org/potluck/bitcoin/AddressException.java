package org.potluck.bitcoin;

/** An address (or its Bech32/Base58 encoding) that cannot be used; the message names the problem. */
public final class AddressException extends IllegalArgumentException {
    public AddressException(String message) {
        super(message);
    }
}
