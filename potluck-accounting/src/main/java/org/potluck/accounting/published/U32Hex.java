package org.potluck.accounting.published;

/** The 8-digit big-endian hex form Stratum uses for u32 header fields (version, nbits, ntime, nonce, version bits). */
public final class U32Hex {
    private U32Hex() {}

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** Without {@code String.format}: the live share stream formats three of these for every share. */
    public static String format(int value) {
        char[] digits = new char[8];
        for (int i = 7; i >= 0; i--) {
            digits[i] = DIGITS[value & 0xf];
            value >>>= 4;
        }
        return new String(digits);
    }

    /** @param what names the field in the error message */
    public static int parse(String hex, String what) {
        if (hex == null || hex.length() != 8) {
            throw new IllegalArgumentException(
                    what + " must be 8 hex digits, got " + (hex == null ? "nothing" : "'" + hex + "'"));
        }
        try {
            return Integer.parseUnsignedInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be 8 hex digits, got '" + hex + "'", e);
        }
    }
}
