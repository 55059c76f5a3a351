package org.potluck.miner;

import java.util.concurrent.atomic.LongAdder;

/** Hashes per second over roughly the last two seconds; hashing threads only add to a LongAdder, never contend. */
final class HashrateMeter {
    private static final long WINDOW_NANOS = 2_000_000_000L;

    private final LongAdder hashes = new LongAdder();
    private long windowStartNanos = System.nanoTime();
    private long windowStartCount;
    private double lastRate;

    void add(long count) {
        hashes.add(count);
    }

    long total() {
        return hashes.sum();
    }

    synchronized double rate() {
        long now = System.nanoTime();
        long total = hashes.sum();
        long elapsed = now - windowStartNanos;
        double current = elapsed > 0 ? (total - windowStartCount) * 1e9 / elapsed : 0;
        if (elapsed >= WINDOW_NANOS) {
            windowStartNanos = now;
            windowStartCount = total;
            lastRate = current;
            return current;
        }
        // Until a full window has passed, the partial one is the best estimate there is.
        return lastRate > 0 ? lastRate : current;
    }
}
