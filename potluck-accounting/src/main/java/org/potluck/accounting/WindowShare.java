package org.potluck.accounting;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One accepted share as the PPLNS window sees it.
 *
 * @param sequence the share journal's sequence number (1, 2, 3, ...): newer shares have higher numbers
 * @param weight   the credited difficulty, exact; zero is allowed (it adds nothing), negative is not
 */
public record WindowShare(long sequence, String address, BigDecimal weight) {
    public WindowShare {
        if (sequence < 1) {
            throw new IllegalArgumentException("share sequence must be positive, got " + sequence);
        }
        Money.requireAddress("share " + sequence + " address", address);
        Objects.requireNonNull(weight, "share " + sequence + " weight");
        if (weight.signum() < 0) {
            throw new IllegalArgumentException("share " + sequence + " has a negative weight " + weight);
        }
    }

    /**
     * The share credited with {@code difficulty}, converted by {@link BigDecimal#valueOf(double)}: the
     * {@link Double#toString(double)} digits, which is also what the JSON API prints, so that a verifier reading the
     * API gets the very same weight.
     */
    public static WindowShare of(long sequence, String address, double difficulty) {
        if (!Double.isFinite(difficulty) || difficulty < 0) {
            throw new IllegalArgumentException(
                    "share " + sequence + " difficulty must be finite and not negative, got " + difficulty);
        }
        return new WindowShare(sequence, address, BigDecimal.valueOf(difficulty));
    }
}
