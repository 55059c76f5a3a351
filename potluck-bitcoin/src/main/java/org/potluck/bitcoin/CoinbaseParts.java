package org.potluck.bitcoin;

import java.util.Arrays;

/**
 * A coinbase transaction (non-witness serialization) cut around its extranonce slot, as mining.notify sends it.
 * Arrays are held as given: treat them as immutable.
 *
 * @param extranonceSize total bytes of extranonce1 + extranonce2
 */
public record CoinbaseParts(byte[] coinb1, byte[] coinb2, int extranonceSize) {
    public CoinbaseParts {
        if (coinb1 == null || coinb2 == null) {
            throw new IllegalArgumentException("coinb1 and coinb2 must not be null");
        }
        if (extranonceSize < 0) {
            throw new IllegalArgumentException("extranonce size must not be negative: " + extranonceSize);
        }
    }

    /** coinb1 || extranonce1 || extranonce2 || coinb2, in one exactly-sized allocation. */
    public byte[] assemble(byte[] extranonce1, byte[] extranonce2) {
        if (extranonce1.length + extranonce2.length != extranonceSize) {
            throw new IllegalArgumentException("extranonce1 (" + extranonce1.length + " bytes) + extranonce2 ("
                    + extranonce2.length + " bytes) must total " + extranonceSize + " bytes");
        }
        byte[] out = new byte[coinb1.length + extranonceSize + coinb2.length];
        System.arraycopy(coinb1, 0, out, 0, coinb1.length);
        System.arraycopy(extranonce1, 0, out, coinb1.length, extranonce1.length);
        System.arraycopy(extranonce2, 0, out, coinb1.length + extranonce1.length, extranonce2.length);
        System.arraycopy(coinb2, 0, out, coinb1.length + extranonceSize, coinb2.length);
        return out;
    }

    /** Length of every assembled coinbase. */
    public int assembledLength() {
        return coinb1.length + extranonceSize + coinb2.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoinbaseParts other
                && extranonceSize == other.extranonceSize
                && Arrays.equals(coinb1, other.coinb1)
                && Arrays.equals(coinb2, other.coinb2);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(coinb1) * 31 + Arrays.hashCode(coinb2)) * 31 + extranonceSize;
    }

    @Override
    public String toString() {
        return "CoinbaseParts[coinb1=" + Hex.encode(coinb1) + ", coinb2=" + Hex.encode(coinb2) + ", extranonceSize="
                + extranonceSize + "]";
    }
}
