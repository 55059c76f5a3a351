package org.potluck.bitcoin;

/** Bitcoin's variable-length integer ("CompactSize"): 1, 3, 5 or 9 bytes, little-endian after a marker byte. */
public final class CompactSize {
    private CompactSize() {}

    public static byte[] encode(long n) {
        byte[] out = new byte[size(n)];
        write(n, out, 0);
        return out;
    }

    /** Encoded length; n is treated as unsigned 64-bit, so negative values take 9 bytes. */
    public static int size(long n) {
        if (Long.compareUnsigned(n, 0xfdL) < 0) {
            return 1;
        }
        if (Long.compareUnsigned(n, 0xffffL) <= 0) {
            return 3;
        }
        if (Long.compareUnsigned(n, 0xffffffffL) <= 0) {
            return 5;
        }
        return 9;
    }

    /** Writes the encoding at out[off] and returns the number of bytes written. */
    public static int write(long n, byte[] out, int off) {
        int size = size(n);
        switch (size) {
            case 1 -> out[off] = (byte) n;
            case 3 -> out[off] = (byte) 0xfd;
            case 5 -> out[off] = (byte) 0xfe;
            default -> out[off] = (byte) 0xff;
        }
        for (int i = 1; i < size; i++) {
            out[off + i] = (byte) (n >>> (8 * (i - 1)));
        }
        return size;
    }
}
