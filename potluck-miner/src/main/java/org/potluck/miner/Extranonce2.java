package org.potluck.miner;

/**
 * Splits the pool's extranonce2 space between hashing threads: the thread index sits in the leading bytes and a
 * per-thread counter in the rest, so no two threads ever hash the same coinbase.
 */
final class Extranonce2 {
    private Extranonce2() {}

    /** How many leading bytes identify a thread when there are {@code threads} threads. */
    static int indexBytes(int threads) {
        int bytes = 0;
        for (long capacity = 1; capacity < threads; capacity <<= 8) {
            bytes++;
        }
        return Math.max(bytes, 1);
    }

    /**
     * Whether thread {@code index} has a slot of its own in an extranonce2 of {@code size} bytes; threads without
     * one stay idle rather than duplicate another thread's work.
     */
    static boolean fits(int index, int threads, int size) {
        if (size <= 0) {
            return index == 0;
        }
        int indexBytes = Math.min(indexBytes(threads), size);
        return indexBytes >= 4 || index < (1L << (8 * indexBytes));
    }

    /** Exactly {@code size} bytes: big-endian thread index, then the big-endian counter (wrapping) in the rest. */
    static byte[] forThread(int index, int threads, long counter, int size) {
        byte[] out = new byte[Math.max(size, 0)];
        int indexBytes = Math.min(indexBytes(threads), out.length);
        long value = index;
        for (int i = indexBytes - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        long c = counter;
        for (int i = out.length - 1; i >= indexBytes; i--) {
            out[i] = (byte) c;
            c >>>= 8;
        }
        return out;
    }
}
