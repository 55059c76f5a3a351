package org.potluck.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Collections and collector time of a JVM so far, as its GarbageCollectorMXBeans count them. The bench reads them from
 * the pool before and after the measured load: a change that keeps more per-share objects alive shows here first
 * (issue 13's flood regression was young collections taking twice as long, not slower share code). With the Serial
 * collector the pool runs with, collector time is stop-the-world pause time.
 *
 * @param collections collections of every collector, young and old
 * @param millis      time the collectors report, in milliseconds
 */
record GcTotals(long collections, long millis) {
    private static final String PREFIX = "GC ";

    static GcTotals ofThisJvm() {
        long collections = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // -1 means "not available" for that collector: leave it out rather than subtract it.
            collections += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new GcTotals(collections, millis);
    }

    GcTotals since(GcTotals earlier) {
        return new GcTotals(collections - earlier.collections, millis - earlier.millis);
    }

    /** Collector time per answered share, in µs, comparable with the CPU per share the bench reports. */
    double microsPerShare(long answered) {
        return answered == 0 ? Double.NaN : 1000.0 * millis / answered;
    }

    /** The line {@link PoolProcess} answers the {@code gc} command with. */
    String line() {
        return PREFIX + collections + " " + millis;
    }

    /** The totals in a {@link #line()}, or null for any other line. */
    static GcTotals parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = line.substring(PREFIX.length()).trim().split(" ");
        try {
            return parts.length == 2 ? new GcTotals(Long.parseLong(parts[0]), Long.parseLong(parts[1])) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
