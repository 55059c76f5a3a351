package org.potluck.bitcoin;

import java.util.List;

/** Serializes a full block for submitblock. */
public final class Block {
    private Block() {}

    /** header || compactSize(1 + others) || coinbase || others (each already serialized, witness form if any). */
    public static byte[] serialize(byte[] header80, byte[] coinbaseWithWitness, List<byte[]> otherTxsRaw) {
        if (header80.length != BlockHeader.SIZE) {
            throw new IllegalArgumentException("block header must be 80 bytes, got " + header80.length);
        }
        int size = header80.length + 9 + coinbaseWithWitness.length;
        for (byte[] tx : otherTxsRaw) {
            size += tx.length;
        }
        ByteWriter w = new ByteWriter(size);
        w.bytes(header80).compactSize(1L + otherTxsRaw.size()).bytes(coinbaseWithWitness);
        for (byte[] tx : otherTxsRaw) {
            w.bytes(tx);
        }
        return w.toByteArray();
    }
}
