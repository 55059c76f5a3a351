package org.potluck.bitcoin;

/** Script integers (CScriptNum) and the pushes that carry them, as BIP34 requires for the coinbase height. */
public final class ScriptNumber {
    private ScriptNumber() {}

    /**
     * The BIP34 height push exactly as Bitcoin Core builds it ({@code CScript() << height}): 0 is OP_0, 1..16 are the
     * single opcodes OP_1..OP_16 (0x51..0x60), larger heights a direct push of the minimal script number.
     */
    public static byte[] heightPush(int height) {
        if (height < 0) {
            throw new IllegalArgumentException("block height must not be negative: " + height);
        }
        if (height == 0) {
            return new byte[] {0x00};
        }
        if (height <= 16) {
            return new byte[] {(byte) (0x50 + height)};
        }
        byte[] num = encode(height);
        byte[] push = new byte[num.length + 1];
        push[0] = (byte) num.length;
        System.arraycopy(num, 0, push, 1, num.length);
        return push;
    }

    /**
     * Minimal little-endian sign-magnitude encoding; an extra 0x00 (or 0x80 for negatives) is appended when the top
     * bit of the magnitude's last byte is set, so the value is not read back as negative (or positive).
     */
    public static byte[] encode(long value) {
        if (value == 0) {
            return new byte[0];
        }
        if (value == Long.MIN_VALUE) {
            throw new IllegalArgumentException("value out of script number range");
        }
        boolean negative = value < 0;
        long abs = Math.abs(value);
        byte[] tmp = new byte[9];
        int n = 0;
        while (abs > 0) {
            tmp[n++] = (byte) abs;
            abs >>>= 8;
        }
        if ((tmp[n - 1] & 0x80) != 0) {
            tmp[n++] = (byte) (negative ? 0x80 : 0x00);
        } else if (negative) {
            tmp[n - 1] |= (byte) 0x80;
        }
        byte[] out = new byte[n];
        System.arraycopy(tmp, 0, out, 0, n);
        return out;
    }
}
