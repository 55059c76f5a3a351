package org.potluck.bitcoin;

import java.util.Arrays;

/**
 * Reads little-endian Bitcoin serialization. Every read checks the remaining length and throws
 * IllegalArgumentException naming what was being read, so truncated input never yields a silent wrong value.
 */
public final class ByteReader {
    private final byte[] data;
    private int pos;

    public ByteReader(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        this.data = data;
    }

    public int u8() {
        need(1, "u8");
        return data[pos++] & 0xff;
    }

    /** The next byte without consuming it. */
    public int peekU8() {
        need(1, "u8");
        return data[pos] & 0xff;
    }

    public int u16le() {
        return (int) little(2, "u16");
    }

    public long u32le() {
        return little(4, "u32");
    }

    public int i32le() {
        return (int) little(4, "i32");
    }

    public long u64le() {
        return little(8, "u64");
    }

    /** Rejects non-minimal encodings as Bitcoin Core does, since they would change a transaction's hash. */
    public long compactSize() {
        int first = u8();
        return switch (first) {
            case 0xfd -> canonical(little(2, "compact size"), 0xfdL);
            case 0xfe -> canonical(little(4, "compact size"), 0x10000L);
            case 0xff -> canonical(little(8, "compact size"), 0x100000000L);
            default -> first;
        };
    }

    public byte[] bytes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative length " + n);
        }
        need(n, n + " bytes");
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    public int remaining() {
        return data.length - pos;
    }

    public int position() {
        return pos;
    }

    private static long canonical(long value, long min) {
        if (Long.compareUnsigned(value, min) < 0) {
            throw new IllegalArgumentException("non-canonical compact size " + Long.toUnsignedString(value));
        }
        return value;
    }

    private long little(int n, String what) {
        need(n, what);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (data[pos + i] & 0xffL) << (8 * i);
        }
        pos += n;
        return v;
    }

    private void need(int n, String what) {
        if (data.length - pos < n) {
            throw new IllegalArgumentException("truncated data: reading " + what + " at offset " + pos + " needs " + n
                    + " bytes, " + (data.length - pos) + " left");
        }
    }
}
