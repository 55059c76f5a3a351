package org.potluck.accounting.published;

/** The 8-digit big-endian hex form Stratum uses for u32 header fields (version, nbits, ntime, nonce, version bits). */
public final class U32Hex {
    private U32Hex() {}

    public static String format(int value) {
        return String.format("%08x", value);
    }

    /** @param what names the field in the error message */
    public static int parse(String hex, String what) {
        if (hex == null || hex.length() != 8) {
            throw new IllegalArgumentException(what + " must be 8 hex digits, got "
                    + (hex == null ? "nothing" : "'" + hex + "'"));
        }
        try {
            return Integer.parseUnsignedInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be 8 hex digits, got '" + hex + "'", e);
        }
    }
}
