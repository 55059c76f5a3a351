package org.potluck.accounting;

import java.util.Objects;

/** One output of a coinbase: who is paid, how much, and why. */
public record Payout(String address, long sats, Kind kind) {
    public enum Kind {
        MINER,
        FEE,
        DONATION
    }

    public Payout {
        Money.requireAddress("payout address", address);
        Objects.requireNonNull(kind, "payout kind");
        if (sats <= 0) {
            throw new IllegalArgumentException(
                    kind + " output to " + address + " must be positive, got " + sats + " sats");
        }
        Money.requireAtMostMaxMoney(kind + " output to " + address, sats);
    }
}
