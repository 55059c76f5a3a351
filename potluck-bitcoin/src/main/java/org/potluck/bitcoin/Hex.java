package org.potluck.bitcoin;

/** Lower-case hex text to and from raw bytes, plus the byte reversal that display hashes need. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    public static String encode(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = DIGITS[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[b[i] & 0xf];
        }
        return new String(out);
    }

    /** Accepts upper and lower case; rejects odd length and any non-hex character, naming the offending position. */
    public static byte[] decode(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("hex string is null");
        }
        if ((hex.length() & 1) != 0) {
            throw new IllegalArgumentException("hex string has odd length " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(hex, 2 * i);
            int lo = digit(hex, 2 * i + 1);
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** A new array with the bytes in the opposite order (internal byte order <-> display order). */
    public static byte[] reversed(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }

    private static int digit(String hex, int index) {
        char c = hex.charAt(index);
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            throw new IllegalArgumentException("non-hex character '" + c + "' at index " + index);
        }
        return d;
    }
}
