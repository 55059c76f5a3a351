package org.potluck.bitcoin;

import java.util.Arrays;

/** A growable little-endian byte buffer for Bitcoin serialization. Not thread-safe. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        buf = new byte[Math.max(capacity, 16)];
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u16le(int v) {
        return little(v & 0xffffL, 2);
    }

    public ByteWriter u32le(long v) {
        return little(v, 4);
    }

    public ByteWriter i32le(int v) {
        return little(v, 4);
    }

    public ByteWriter u64le(long v) {
        return little(v, 8);
    }

    public ByteWriter compactSize(long n) {
        ensure(9);
        size += CompactSize.write(n, buf, size);
        return this;
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** CompactSize length prefix followed by the bytes. */
    public ByteWriter varBytes(byte[] b) {
        return compactSize(b.length).bytes(b);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private ByteWriter little(long v, int n) {
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
