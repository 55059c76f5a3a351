package org.potluck.stratum;

/** The error codes Stratum v1 pools and miners agree on (20-25); every error reply carries one and a readable message. */
public enum StratumError {
    OTHER(20),
    JOB_NOT_FOUND(21),
    DUPLICATE(22),
    LOW_DIFFICULTY(23),
    UNAUTHORIZED(24),
    NOT_SUBSCRIBED(25);

    private final int code;

    StratumError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error with this code, or null for a code outside 20-25 (other pools use their own). */
    public static StratumError ofCode(int code) {
        for (StratumError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
