package org.potluck.bitcoin;

import java.util.Arrays;

/** Base58 and Base58Check (payload || first 4 bytes of sha256d(payload)). */
public final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEXES[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {}

    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        // Base-256 to base-58 by repeated division of a scratch copy; inputs are tiny (addresses).
        byte[] num = Arrays.copyOf(input, input.length);
        char[] out = new char[input.length * 2];
        int outStart = out.length;
        int start = zeros;
        while (start < num.length) {
            int remainder = 0;
            for (int i = start; i < num.length; i++) {
                int value = (remainder << 8) | (num[i] & 0xff);
                num[i] = (byte) (value / 58);
                remainder = value % 58;
            }
            out[--outStart] = ALPHABET.charAt(remainder);
            while (start < num.length && num[start] == 0) {
                start++;
            }
        }
        for (int i = 0; i < zeros; i++) {
            out[--outStart] = '1';
        }
        return new String(out, outStart, out.length - outStart);
    }

    public static byte[] decode(String s) {
        if (s == null || s.isEmpty()) {
            throw new AddressException("empty base58 string");
        }
        byte[] digits = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = c < 128 ? INDEXES[c] : -1;
            if (d < 0) {
                throw new AddressException("invalid base58 character '" + c + "' at index " + i);
            }
            digits[i] = (byte) d;
        }
        int zeros = 0;
        while (zeros < digits.length && digits[zeros] == 0) {
            zeros++;
        }
        byte[] out = new byte[s.length()];
        int outStart = out.length;
        int start = zeros;
        while (start < digits.length) {
            int remainder = 0;
            for (int i = start; i < digits.length; i++) {
                int value = remainder * 58 + (digits[i] & 0xff);
                digits[i] = (byte) (value / 256);
                remainder = value % 256;
            }
            out[--outStart] = (byte) remainder;
            while (start < digits.length && digits[start] == 0) {
                start++;
            }
        }
        byte[] result = new byte[zeros + out.length - outStart];
        System.arraycopy(out, outStart, result, zeros, out.length - outStart);
        return result;
    }

    /** Decodes and verifies the 4-byte checksum, returning the payload (version byte included). */
    public static byte[] decodeChecked(String s) {
        byte[] raw = decode(s);
        if (raw.length < 4) {
            throw new AddressException("base58check string too short: " + raw.length + " bytes");
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - 4);
        byte[] hash = Sha256.sha256d(payload);
        for (int i = 0; i < 4; i++) {
            if (hash[i] != raw[payload.length + i]) {
                throw new AddressException("checksum mismatch");
            }
        }
        return payload;
    }

    public static String encodeChecked(byte[] payload) {
        byte[] hash = Sha256.sha256d(payload);
        byte[] raw = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(hash, 0, raw, payload.length, 4);
        return encode(raw);
    }
}
