package org.potluck.node;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds a coinbase-only block on top of a template, just enough for the node to judge it (the real block builder
 * lives in potluck-bitcoin). Serialization per the Bitcoin block and transaction formats.
 */
final class TestBlocks {
    private static final HexFormat HEX = HexFormat.of();

    private TestBlocks() {}

    /** @param breakMerkleRoot commit to a wrong merkle root (the node must reject it) */
    static String coinbaseOnlyBlock(BlockTemplate t, boolean breakMerkleRoot) {
        ByteArrayOutputStream tx = new ByteArrayOutputStream();
        le32(tx, 1);
        tx.write(1); // one input
        tx.writeBytes(new byte[32]);
        le32(tx, 0xffffffff);
        byte[] scriptSig = bip34Height(t.height());
        tx.write(scriptSig.length);
        tx.writeBytes(scriptSig);
        le32(tx, 0xffffffff);
        tx.write(1); // one output
        le64(tx, t.coinbaseValue());
        tx.write(1);
        tx.write(0x51); // OP_TRUE
        le32(tx, 0);
        byte[] coinbase = tx.toByteArray();
        byte[] merkle = sha256d(coinbase);
        if (breakMerkleRoot) {
            merkle[0] ^= 1;
        }
        BigInteger target = new BigInteger(t.target(), 16);
        for (int nonce = 0; ; nonce++) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            le32(header, t.version());
            header.writeBytes(reverse(HEX.parseHex(t.previousBlockHash())));
            header.writeBytes(merkle);
            le32(header, (int) t.curTime());
            le32(header, Integer.parseUnsignedInt(t.bits(), 16));
            le32(header, nonce);
            byte[] h = header.toByteArray();
            if (new BigInteger(1, reverse(sha256d(h))).compareTo(target) <= 0) {
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                block.writeBytes(h);
                block.write(1);
                block.writeBytes(coinbase);
                return HEX.formatHex(block.toByteArray());
            }
        }
    }

    /** Height as a minimal script number push, padded so the scriptSig is at least the 2 bytes consensus needs. */
    private static byte[] bip34Height(int height) {
        if (height >= 1 && height <= 16) {
            return new byte[] {(byte) (0x50 + height), 0x00};
        }
        byte[] n = BigInteger.valueOf(height).toByteArray(); // big-endian, sign bit respected
        byte[] out = new byte[n.length + 1];
        out[0] = (byte) n.length;
        for (int i = 0; i < n.length; i++) {
            out[1 + i] = n[n.length - 1 - i];
        }
        return out;
    }

    static byte[] sha256d(byte[] b) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return d.digest(d.digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }

    private static void le64(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
