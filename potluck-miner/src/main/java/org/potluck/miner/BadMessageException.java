package org.potluck.miner;

/** A pool message the miner cannot use; the text says which field is wrong so the pool operator can fix it. */
final class BadMessageException extends RuntimeException {
    BadMessageException(String message) {
        super(message);
    }

    BadMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
