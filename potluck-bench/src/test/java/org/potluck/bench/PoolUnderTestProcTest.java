package org.potluck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class PoolUnderTestProcTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void cpuTimeOfAProcessGrowsByTheWorkItDoes() throws Exception {
        double before = PoolUnderTest.cpuSeconds(SELF);
        assertTrue(before > 0, "a running JVM has used some CPU, read " + before);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 16];
        // Hash until this thread has used 0.3 s of CPU (not of wall time: on a busy machine 0.3 s of wall time may get
        // a fraction of that), bounded by 20 s of wall time.
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuUntil = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long giveUpAt = System.nanoTime() + 20_000_000_000L;
        while (threads.getCurrentThreadCpuTime() < cpuUntil && System.nanoTime() < giveUpAt) {
            block[0] = sha.digest(block)[0];
        }
        double after = PoolUnderTest.cpuSeconds(SELF);
        assertTrue(after - before >= 0.2, "0.3 s of hashing shows as CPU time, got " + (after - before) + " s");
    }

    @Test
    void aProcessThatDoesNotExistHasNoFigures() {
        long gone = Long.MAX_VALUE;
        assertEquals(-1, PoolUnderTest.cpuSeconds(gone));
        assertEquals(-1, PoolUnderTest.rssBytes(gone));
    }
}
