package org.potluck.node;

import java.io.ByteArrayOutputStream;

/** Minimal BIP173 bech32 encoder for building segwit v0 test addresses (rb1... on bcoin regtest). */
final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private Bech32() {}

    static String segwitV0(String hrp, byte[] program) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0); // witness version 0
        int acc = 0;
        int bits = 0;
        for (byte b : program) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                data.write((acc >> bits) & 31);
            }
        }
        if (bits > 0) {
            data.write((acc << (5 - bits)) & 31);
        }
        byte[] values = data.toByteArray();
        int[] checksumInput = new int[hrp.length() * 2 + 1 + values.length + 6];
        int i = 0;
        for (char c : hrp.toCharArray()) {
            checksumInput[i++] = c >> 5;
        }
        checksumInput[i++] = 0;
        for (char c : hrp.toCharArray()) {
            checksumInput[i++] = c & 31;
        }
        for (byte v : values) {
            checksumInput[i++] = v;
        }
        int polymod = polymod(checksumInput) ^ 1;
        StringBuilder out = new StringBuilder(hrp).append('1');
        for (byte v : values) {
            out.append(CHARSET.charAt(v));
        }
        for (int k = 0; k < 6; k++) {
            out.append(CHARSET.charAt((polymod >> (5 * (5 - k))) & 31));
        }
        return out.toString();
    }

    private static int polymod(int[] values) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int j = 0; j < 5; j++) {
                if (((top >>> j) & 1) != 0) {
                    chk ^= gen[j];
                }
            }
        }
        return chk;
    }
}
