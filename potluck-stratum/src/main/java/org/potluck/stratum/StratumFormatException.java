package org.potluck.stratum;

/** A line or a parameter that does not have the form the protocol requires; the message says what was wrong. */
public final class StratumFormatException extends Exception {
    public StratumFormatException(String message) {
        super(message, null, false, false);
    }
}
