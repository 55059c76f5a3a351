package org.potluck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Submit latencies kept per second since an origin (the pool's spawn, for {@code --cold}), so that the first seconds
 * after a start can be read one by one. Raw values, sorted only for the report: a cold run is short and the per-second
 * percentiles must not be blurred by buckets shared with the warm seconds. Not thread-safe, like {@link LoadStats}.
 */
final class LatencyBySecond {
    /** Seconds kept after the origin; a cold run longer than this keeps only its first ten minutes per second. */
    static final int MAX_SECONDS = 600;

    /** One second's submits: how many were answered and their latency percentiles (ms). */
    record Second(int second, int count, double p50Millis, double p99Millis, double maxMillis) {}

    private long[][] values = new long[0][];
    private int[] counts = new int[0];

    void record(int second, long nanos) {
        if (second < 0 || second >= MAX_SECONDS) {
            return;
        }
        if (second >= values.length) {
            values = Arrays.copyOf(values, second + 1);
            counts = Arrays.copyOf(counts, second + 1);
        }
        if (values[second] == null) {
            values[second] = new long[64];
        } else if (counts[second] == values[second].length) {
            values[second] = Arrays.copyOf(values[second], counts[second] * 2);
        }
        values[second][counts[second]++] = nanos;
    }

    void add(LatencyBySecond other) {
        for (int s = 0; s < other.values.length; s++) {
            for (int i = 0; i < other.counts[s]; i++) {
                record(s, other.values[s][i]);
            }
        }
    }

    void reset() {
        values = new long[0][];
        counts = new int[0];
    }

    /** The seconds that had answers, in order. */
    List<Second> seconds() {
        List<Second> out = new ArrayList<>();
        for (int s = 0; s < values.length; s++) {
            if (counts[s] == 0) {
                continue;
            }
            long[] sorted = Arrays.copyOf(values[s], counts[s]);
            Arrays.sort(sorted);
            out.add(new Second(
                    s, counts[s], percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6));
        }
        return out;
    }

    private static double percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
