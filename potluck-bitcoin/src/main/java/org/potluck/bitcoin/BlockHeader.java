package org.potluck.bitcoin;

/** The 80-byte block header and the byte-order conversions between RPC, Stratum notify and internal forms. */
public final class BlockHeader {
    public static final int SIZE = 80;

    private BlockHeader() {}

    public static byte[] build(
            int version, byte[] prevHashInternal, byte[] merkleRootInternal, int ntime, int nbits, int nonce) {
        byte[] out = new byte[SIZE];
        buildInto(out, version, prevHashInternal, merkleRootInternal, ntime, nbits, nonce);
        return out;
    }

    /** Writes the header into out[0..80) so a miner loop can reuse one buffer. */
    public static void buildInto(
            byte[] out,
            int version,
            byte[] prevHashInternal,
            byte[] merkleRootInternal,
            int ntime,
            int nbits,
            int nonce) {
        if (prevHashInternal.length != 32 || merkleRootInternal.length != 32) {
            throw new IllegalArgumentException("previous hash and merkle root must be 32 bytes");
        }
        if (out.length < SIZE) {
            throw new IllegalArgumentException("header buffer must hold 80 bytes");
        }
        putLe32(out, 0, version);
        System.arraycopy(prevHashInternal, 0, out, 4, 32);
        System.arraycopy(merkleRootInternal, 0, out, 36, 32);
        putLe32(out, 68, ntime);
        putLe32(out, 72, nbits);
        putLe32(out, 76, nonce);
    }

    /** Overwrites the version of an existing header (bytes 0..4). */
    public static void setVersion(byte[] header80, int version) {
        putLe32(header80, 0, version);
    }

    /** Overwrites the nonce of an existing header (bytes 76..80). */
    public static void setNonce(byte[] header80, int nonce) {
        putLe32(header80, 76, nonce);
    }

    /** Notify prevhash (eight 4-byte words, each word's bytes reversed) -> internal 32 bytes. */
    public static byte[] prevHashFromNotify(String notifyHex) {
        byte[] words = hash32(notifyHex, "notify prevhash");
        byte[] out = new byte[32];
        for (int w = 0; w < 8; w++) {
            for (int i = 0; i < 4; i++) {
                out[4 * w + i] = words[4 * w + 3 - i];
            }
        }
        return out;
    }

    /** RPC display hash -> notify form: the display hash's eight 4-byte groups in reverse order. */
    public static String notifyPrevHash(String displayHex) {
        byte[] display = hash32(displayHex, "display hash");
        byte[] out = new byte[32];
        for (int w = 0; w < 8; w++) {
            System.arraycopy(display, 4 * (7 - w), out, 4 * w, 4);
        }
        return Hex.encode(out);
    }

    /** Internal bytes -> RPC display hex (byte-reversed). */
    public static String displayFromInternal(byte[] hashInternal) {
        return Hex.encode(Hex.reversed(hashInternal));
    }

    /** RPC display hex -> internal bytes. */
    public static byte[] internalFromDisplay(String displayHex) {
        return Hex.reversed(hash32(displayHex, "display hash"));
    }

    /** sha256d of the header, internal byte order. */
    public static byte[] hash(byte[] header80) {
        if (header80.length != SIZE) {
            throw new IllegalArgumentException("block header must be 80 bytes, got " + header80.length);
        }
        return Sha256.sha256d(header80, 0, SIZE);
    }

    private static byte[] hash32(String hex, String what) {
        byte[] b = Hex.decode(hex);
        if (b.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes (64 hex chars), got " + b.length + " bytes");
        }
        return b;
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
