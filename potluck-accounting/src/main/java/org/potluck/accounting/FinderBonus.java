package org.potluck.accounting;

/** Extra reward for the address whose share found the block (the session the coinbase is made for). */
public sealed interface FinderBonus {
    /** No bonus. */
    record None() implements FinderBonus {}

    /** A fixed amount, capped at what is left of the reward after fee and donation. */
    record FixedSats(long sats) implements FinderBonus {
        public FixedSats {
            if (sats < 0) {
                throw new IllegalArgumentException("finder bonus must not be negative, got " + sats + " sats");
            }
            Money.requireAtMostMaxMoney("finder bonus", sats);
        }
    }

    /** floor(reward · basisPoints / 10000). */
    record BasisPoints(int basisPoints) implements FinderBonus {
        public BasisPoints {
            Money.requireBasisPoints("finder bonus", basisPoints);
        }
    }

    static FinderBonus none() {
        return new None();
    }

    static FinderBonus fixedSats(long sats) {
        return new FixedSats(sats);
    }

    static FinderBonus basisPoints(int basisPoints) {
        return new BasisPoints(basisPoints);
    }
}
