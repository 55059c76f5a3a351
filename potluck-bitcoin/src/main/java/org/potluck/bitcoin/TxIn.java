package org.potluck.bitcoin;

import java.util.Arrays;
import java.util.List;

/**
 * A transaction input. Arrays are held as given (not copied) to keep the hot path cheap: treat them as immutable.
 *
 * @param prevTxid 32 bytes, internal byte order
 * @param witness  witness stack items; empty when the input has no witness
 */
public record TxIn(byte[] prevTxid, long prevIndex, byte[] scriptSig, long sequence, List<byte[]> witness) {
    public TxIn {
        if (prevTxid == null || prevTxid.length != 32) {
            throw new IllegalArgumentException("prevTxid must be 32 bytes");
        }
        if (scriptSig == null) {
            throw new IllegalArgumentException("scriptSig is null (use an empty array)");
        }
        checkU32(prevIndex, "prevIndex");
        checkU32(sequence, "sequence");
        witness = witness == null ? List.of() : List.copyOf(witness);
    }

    static void checkU32(long v, String name) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException(name + " out of u32 range: " + v);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TxIn other)) {
            return false;
        }
        if (prevIndex != other.prevIndex
                || sequence != other.sequence
                || !Arrays.equals(prevTxid, other.prevTxid)
                || !Arrays.equals(scriptSig, other.scriptSig)
                || witness.size() != other.witness.size()) {
            return false;
        }
        for (int i = 0; i < witness.size(); i++) {
            if (!Arrays.equals(witness.get(i), other.witness.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(prevTxid) * 31 + Long.hashCode(prevIndex);
        h = h * 31 + Arrays.hashCode(scriptSig);
        h = h * 31 + Long.hashCode(sequence);
        for (byte[] item : witness) {
            h = h * 31 + Arrays.hashCode(item);
        }
        return h;
    }

    @Override
    public String toString() {
        return "TxIn[prev=" + Hex.encode(Hex.reversed(prevTxid)) + ":" + prevIndex + ", scriptSig="
                + Hex.encode(scriptSig) + ", sequence=" + Long.toHexString(sequence) + ", witnessItems="
                + witness.size() + "]";
    }
}
