package org.potluck.bench;

/** What the bench asks a pool's JVM over its stdin (Potluck's {@link PoolProcess}); another pool answers nothing. */
interface PoolProbe {
    PoolProbe NONE = new PoolProbe() {
        @Override
        public long heapUsedAfterGc() {
            return -1;
        }

        @Override
        public GcTotals gcTotals() {
            return null;
        }
    };

    /** Heap in use after a full GC (bytes), or -1 when the pool does not answer. */
    long heapUsedAfterGc() throws InterruptedException;

    /** Collections and collector time so far, or null when the pool does not answer. */
    GcTotals gcTotals() throws InterruptedException;
}
