package org.potluck.verify;

/** Verification could not run: the pool or node was unreachable, or the local database unusable. */
public sealed class VerifyException extends RuntimeException permits WitnessNode.Refused {
    public VerifyException(String message) {
        super(message);
    }

    public VerifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
