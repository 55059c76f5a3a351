package org.potluck.bitcoin;

import java.util.Arrays;

/** A transaction output; value in satoshis. The script array is held as given: treat it as immutable. */
public record TxOut(long value, byte[] scriptPubKey) {
    public TxOut {
        if (value < 0) {
            throw new IllegalArgumentException("output value must not be negative: " + value);
        }
        if (scriptPubKey == null) {
            throw new IllegalArgumentException("scriptPubKey is null");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxOut other && value == other.value && Arrays.equals(scriptPubKey, other.scriptPubKey);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value) * 31 + Arrays.hashCode(scriptPubKey);
    }

    @Override
    public String toString() {
        return "TxOut[value=" + value + ", scriptPubKey=" + Hex.encode(scriptPubKey) + "]";
    }
}
