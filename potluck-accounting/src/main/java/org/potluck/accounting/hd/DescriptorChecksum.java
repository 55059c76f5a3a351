package org.potluck.accounting.hd;

/**
 * The 8-character output descriptor checksum of BIP380 (a BCH code over the descriptor's characters, written in the
 * bech32 alphabet after a {@code #}).
 */
public final class DescriptorChecksum {
    // Three groups of 32 so that a case error or a slip within the hex/keypath characters is a single symbol error.
    private static final String INPUT_CHARSET = "0123456789()[],'/*abcdefgh@:$%{}"
            + "IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~"
            + "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    private static final String CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final long[] GENERATOR = {0xf5dee51989L, 0xa9fdca3312L, 0x1bab10e32dL, 0x3706b1677aL, 0x644d626ffdL};
    private static final int LENGTH = 8;

    private DescriptorChecksum() {}

    /** The checksum of {@code descriptor} (without any {@code #} part). */
    public static String compute(String descriptor) {
        long c = 1;
        int groups = 0;
        int groupCount = 0;
        for (int i = 0; i < descriptor.length(); i++) {
            char ch = descriptor.charAt(i);
            int v = INPUT_CHARSET.indexOf(ch);
            if (v < 0) {
                throw new IllegalArgumentException("descriptor has a character outside the descriptor character set"
                        + " at index " + i + ": '" + ch + "'");
            }
            c = polymod(c, v & 31);
            groups = groups * 3 + (v >> 5);
            if (++groupCount == 3) {
                c = polymod(c, groups);
                groups = 0;
                groupCount = 0;
            }
        }
        if (groupCount > 0) {
            c = polymod(c, groups);
        }
        for (int i = 0; i < LENGTH; i++) {
            c = polymod(c, 0);
        }
        c ^= 1;
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(CHECKSUM_CHARSET.charAt((int) ((c >>> (5 * (7 - i))) & 31)));
        }
        return sb.toString();
    }

    /**
     * The descriptor without its checksum. A {@code #} part must be exactly 8 checksum characters that match; a
     * descriptor without {@code #} is returned as it is.
     */
    public static String stripVerified(String text) {
        int hash = text.lastIndexOf('#');
        if (hash < 0) {
            return text;
        }
        String body = text.substring(0, hash);
        String given = text.substring(hash + 1);
        if (given.length() != LENGTH) {
            throw new IllegalArgumentException("descriptor checksum must be " + LENGTH + " characters, got "
                    + given.length() + " ('" + given + "')");
        }
        String expected = compute(body);
        if (!expected.equals(given)) {
            throw new IllegalArgumentException("descriptor checksum mismatch: '#" + given + "' given, '#" + expected
                    + "' expected; the descriptor was mistyped or altered");
        }
        return body;
    }

    private static long polymod(long c, int value) {
        long top = c >>> 35;
        c = ((c & 0x7ffffffffL) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                c ^= GENERATOR[i];
            }
        }
        return c;
    }
}
