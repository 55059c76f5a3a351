package org.potluck.web.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * Accepted share difficulty summed into fixed time buckets in a ring, so that a hashrate over any window the ring covers
 * and a chart of it cost the same whatever the share rate. Buckets are aligned on the epoch so that every series with
 * the same bucket size agrees on where a minute starts.
 */
final class RollingSeries {
    /** Hashes per unit of share difficulty: a difficulty-1 share takes 2^32 hashes on average. */
    static final double HASHES_PER_DIFFICULTY = 4294967296.0;

    private final long bucketMillis;
    private final long[] bucketOf;
    private final double[] sums;

    RollingSeries(long bucketMillis, int buckets) {
        if (bucketMillis <= 0 || buckets <= 0) {
            throw new IllegalArgumentException(
                    "a series needs a positive bucket size and count, got " + bucketMillis + " ms x " + buckets);
        }
        this.bucketMillis = bucketMillis;
        this.bucketOf = new long[buckets];
        this.sums = new double[buckets];
        java.util.Arrays.fill(bucketOf, Long.MIN_VALUE);
    }

    synchronized void add(long nowMillis, double difficulty) {
        long bucket = Math.floorDiv(nowMillis, bucketMillis);
        int slot = slot(bucket);
        if (bucketOf[slot] != bucket) {
            bucketOf[slot] = bucket;
            sums[slot] = 0;
        }
        sums[slot] += difficulty;
    }

    /**
     * Hashes per second over the last {@code windowMillis}, widened to whole buckets (so up to one bucket more, and at
     * most what the ring holds), counting time
     * only from {@code startMillis} on, so that a pool that started a minute ago does not look slow over an hour.
     */
    synchronized double hashrate(long nowMillis, long windowMillis, long startMillis) {
        long current = Math.floorDiv(nowMillis, bucketMillis);
        long first = Math.max(Math.floorDiv(nowMillis - windowMillis, bucketMillis), current - sums.length + 1);
        double sum = 0;
        for (long b = first; b <= current; b++) {
            sum += sumOf(b);
        }
        long from = Math.max(first * bucketMillis, startMillis);
        return perSecond(sum, nowMillis - from);
    }

    /**
     * One point per bucket the ring covers, oldest first, skipping buckets that ended before {@code startMillis}. The
     * bucket still filling is left out when there is an earlier one: a few seconds into a bucket, chance alone puts it
     * anywhere from zero to several times the real rate, and a chart that ends in that dip reads as a dying pool. A
     * pool younger than one bucket has only that one, and it is shown.
     */
    synchronized List<Views.ChartPoint> points(long nowMillis, long startMillis) {
        long current = Math.floorDiv(nowMillis, bucketMillis);
        List<Views.ChartPoint> points = new ArrayList<>(sums.length);
        boolean young = Math.floorDiv(startMillis, bucketMillis) >= current;
        long last = young ? current : current - 1;
        for (long b = current - sums.length + 1; b <= last; b++) {
            long begin = b * bucketMillis;
            long end = Math.min(begin + bucketMillis, nowMillis);
            if (end <= startMillis) {
                continue;
            }
            points.add(new Views.ChartPoint(begin, perSecond(sumOf(b), end - Math.max(begin, startMillis))));
        }
        return points;
    }

    private double sumOf(long bucket) {
        int slot = slot(bucket);
        return bucketOf[slot] == bucket ? sums[slot] : 0;
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) sums.length);
    }

    private static double perSecond(double difficulty, long millis) {
        // Below a second the estimate is noise; one second keeps the first share from reading as an absurd rate.
        return difficulty * HASHES_PER_DIFFICULTY / (Math.max(millis, 1000) / 1000.0);
    }
}
