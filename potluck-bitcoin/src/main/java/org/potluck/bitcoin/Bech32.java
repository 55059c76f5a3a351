package org.potluck.bitcoin;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * BIP173 bech32 and BIP350 bech32m strings, and segwit addresses built on them (witness v0 uses bech32, v1..v16
 * bech32m). Errors are {@link AddressException}s naming the problem.
 */
public final class Bech32 {
    public enum Encoding {
        BECH32(1),
        BECH32M(0x2bc830a3);

        final int constant;

        Encoding(int constant) {
            this.constant = constant;
        }
    }

    /** A decoded string: lower-case hrp and the 5-bit data values without the checksum. */
    public record Decoded(String hrp, byte[] data, Encoding encoding) {}

    /** A witness version (0..16) and program (2..40 bytes). */
    public record WitnessProgram(int version, byte[] program) {
        public byte[] scriptPubKey() {
            byte[] out = new byte[program.length + 2];
            out[0] = (byte) (version == 0 ? 0x00 : 0x50 + version);
            out[1] = (byte) program.length;
            System.arraycopy(program, 0, out, 2, program.length);
            return out;
        }
    }

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] CHARSET_REV = new int[128];
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int MAX_LENGTH = 90;

    static {
        Arrays.fill(CHARSET_REV, -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            CHARSET_REV[CHARSET.charAt(i)] = i;
        }
    }

    private Bech32() {}

    public static String encode(String hrp, byte[] data5, Encoding encoding) {
        String lowerHrp = hrp.toLowerCase(Locale.ROOT);
        if (lowerHrp.isEmpty()) {
            throw new AddressException("empty human-readable part");
        }
        for (int i = 0; i < lowerHrp.length(); i++) {
            char c = lowerHrp.charAt(i);
            if (c < 33 || c > 126) {
                throw new AddressException("human-readable part character out of range at index " + i);
            }
        }
        if (lowerHrp.length() + 1 + data5.length + 6 > MAX_LENGTH) {
            throw new AddressException("bech32 string would exceed " + MAX_LENGTH + " characters");
        }
        int polymod = polymod(lowerHrp, data5, new byte[6]) ^ encoding.constant;
        StringBuilder sb = new StringBuilder(lowerHrp).append('1');
        for (byte d : data5) {
            if ((d & 0xff) > 31) {
                throw new AddressException("data value " + (d & 0xff) + " is not a 5-bit value");
            }
            sb.append(CHARSET.charAt(d));
        }
        for (int i = 0; i < 6; i++) {
            sb.append(CHARSET.charAt((polymod >>> (5 * (5 - i))) & 31));
        }
        return sb.toString();
    }

    public static Decoded decode(String s) {
        if (s == null) {
            throw new AddressException("bech32 string is null");
        }
        if (s.length() > MAX_LENGTH) {
            throw new AddressException("bech32 string too long: " + s.length() + " characters, max " + MAX_LENGTH);
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126) {
                throw new AddressException("character out of range (code " + (int) c + ") at index " + i);
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            throw new AddressException("mixed case in bech32 string");
        }
        String str = s.toLowerCase(Locale.ROOT);
        int sep = str.lastIndexOf('1');
        if (sep < 0) {
            throw new AddressException("no separator character '1' in bech32 string");
        }
        if (sep == 0) {
            throw new AddressException("empty human-readable part");
        }
        if (str.length() - sep - 1 < 6) {
            throw new AddressException("checksum too short");
        }
        String hrp = str.substring(0, sep);
        byte[] values = new byte[str.length() - sep - 1];
        for (int i = 0; i < values.length; i++) {
            char c = str.charAt(sep + 1 + i);
            int v = c < 128 ? CHARSET_REV[c] : -1;
            if (v < 0) {
                throw new AddressException("invalid data character '" + c + "' at index " + (sep + 1 + i));
            }
            values[i] = (byte) v;
        }
        int check = polymod(hrp, values, new byte[0]);
        Encoding encoding;
        if (check == Encoding.BECH32.constant) {
            encoding = Encoding.BECH32;
        } else if (check == Encoding.BECH32M.constant) {
            encoding = Encoding.BECH32M;
        } else {
            throw new AddressException("checksum mismatch");
        }
        return new Decoded(hrp, Arrays.copyOf(values, values.length - 6), encoding);
    }

    /** Decodes a segwit address, checking hrp, version, program length and the version's checksum variant. */
    public static WitnessProgram decodeSegwit(String expectedHrp, String address) {
        Decoded d = decode(address);
        if (!d.hrp().equals(expectedHrp.toLowerCase(Locale.ROOT))) {
            throw new AddressException("wrong network: expected hrp " + expectedHrp + ", got " + d.hrp());
        }
        return toWitnessProgram(d);
    }

    static WitnessProgram toWitnessProgram(Decoded d) {
        if (d.data().length == 0) {
            throw new AddressException("empty data section: no witness version");
        }
        int version = d.data()[0];
        if (version > 16) {
            throw new AddressException("invalid witness version " + version + " (must be 0..16)");
        }
        byte[] program = convertBits(Arrays.copyOfRange(d.data(), 1, d.data().length), 5, 8, false);
        if (program.length < 2 || program.length > 40) {
            throw new AddressException("witness program must be 2..40 bytes, got " + program.length);
        }
        if (version == 0 && program.length != 20 && program.length != 32) {
            throw new AddressException("witness v0 program must be 20 or 32 bytes, got " + program.length);
        }
        Encoding required = version == 0 ? Encoding.BECH32 : Encoding.BECH32M;
        if (d.encoding() != required) {
            throw new AddressException("witness v" + version + " address must use "
                    + required.name().toLowerCase(Locale.ROOT) + ", not "
                    + d.encoding().name().toLowerCase(Locale.ROOT) + " (checksum mismatch)");
        }
        return new WitnessProgram(version, program);
    }

    public static String encodeSegwit(String hrp, int version, byte[] program) {
        if (version < 0 || version > 16) {
            throw new AddressException("invalid witness version " + version);
        }
        if (program.length < 2
                || program.length > 40
                || (version == 0 && program.length != 20 && program.length != 32)) {
            throw new AddressException("invalid witness program length " + program.length + " for version " + version);
        }
        byte[] conv = convertBits(program, 8, 5, true);
        byte[] data = new byte[conv.length + 1];
        data[0] = (byte) version;
        System.arraycopy(conv, 0, data, 1, conv.length);
        return encode(hrp, data, version == 0 ? Encoding.BECH32 : Encoding.BECH32M);
    }

    /** Regroups bits; without padding, leftover bits must be fewer than fromBits and all zero (BIP173). */
    public static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << toBits) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
        for (byte b : in) {
            int value = b & 0xff;
            if ((value >>> fromBits) != 0) {
                throw new AddressException("value " + value + " does not fit in " + fromBits + " bits");
            }
            acc = (acc << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (toBits - bits)) & maxv);
            }
        } else if (bits >= fromBits) {
            throw new AddressException("invalid padding: more than " + (fromBits - 1) + " bits left over");
        } else if (((acc << (toBits - bits)) & maxv) != 0) {
            throw new AddressException("invalid padding: non-zero padding bits");
        }
        return out.toByteArray();
    }

    private static int polymod(String hrp, byte[] values, byte[] trailer) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (byte v : values) {
            chk = step(chk, v);
        }
        for (byte v : trailer) {
            chk = step(chk, v);
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }
}
