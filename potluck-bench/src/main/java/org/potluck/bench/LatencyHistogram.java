package org.potluck.bench;

/**
 * Latencies in fixed memory: 1 µs buckets up to 100 ms, then 1 ms buckets up to 100 s (longer values count as 100 s).
 * Not thread-safe: each event loop keeps its own and they are merged for the report.
 */
public final class LatencyHistogram {
    private static final int FINE_LIMIT_MICROS = 100_000;
    private static final int COARSE_BUCKETS = 100_000;
    private final long[] counts = new long[FINE_LIMIT_MICROS + COARSE_BUCKETS];
    private long total;
    private long maxNanos;

    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        int bucket = micros < FINE_LIMIT_MICROS
                ? (int) micros
                : (int) Math.min(FINE_LIMIT_MICROS + (micros - FINE_LIMIT_MICROS) / 1000, counts.length - 1);
        counts[bucket]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        maxNanos = 0;
    }

    public long count() {
        return total;
    }

    /** The smallest recorded value (bucket upper bound, in ms) that at least {@code fraction} of the samples do not exceed. */
    public double percentileMillis(double fraction) {
        if (total == 0) {
            return Double.NaN;
        }
        long wanted = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted && counts[i] > 0) {
                double upperMicros =
                        i < FINE_LIMIT_MICROS ? i + 1 : FINE_LIMIT_MICROS + (i - FINE_LIMIT_MICROS + 1) * 1000.0;
                return Math.min(upperMicros / 1000.0, maxMillis());
            }
        }
        return maxMillis();
    }

    public double maxMillis() {
        return maxNanos / 1e6;
    }
}
