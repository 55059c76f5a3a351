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
        long spinUntil = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < spinUntil) {
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
