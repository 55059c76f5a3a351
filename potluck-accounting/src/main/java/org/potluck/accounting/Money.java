package org.potluck.accounting;

import java.math.BigInteger;

/** Checks and exact integer arithmetic shared by the payout rule; no doubles anywhere near money. */
final class Money {
    /** 21 million BTC: no amount in a coinbase can be larger, so anything above is a caller's mistake. */
    static final long MAX_MONEY = 21_000_000L * 100_000_000L;

    static final int BASIS_POINTS_WHOLE = 10_000;

    private Money() {}

    static void requireAddress(String what, String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException(what + " is missing (null or blank)");
        }
        if (!address.equals(address.strip())) {
            throw new IllegalArgumentException(what + " '" + address + "' has leading or trailing whitespace");
        }
    }

    static void requireAtMostMaxMoney(String what, long sats) {
        if (sats > MAX_MONEY) {
            throw new IllegalArgumentException(what + " is " + sats + " sats, more than 21 million BTC");
        }
    }

    static void requireBasisPoints(String what, int basisPoints) {
        if (basisPoints < 0 || basisPoints > BASIS_POINTS_WHOLE) {
            throw new IllegalArgumentException(what + " must be 0..10000 basis points, got " + basisPoints);
        }
    }

    /** floor(value · basisPoints / 10000), exact: value · basisPoints can exceed a long for large values. */
    static long basisPointsOf(long value, int basisPoints) {
        return BigInteger.valueOf(value)
                .multiply(BigInteger.valueOf(basisPoints))
                .divide(BigInteger.valueOf(BASIS_POINTS_WHOLE))
                .longValueExact();
    }
}
