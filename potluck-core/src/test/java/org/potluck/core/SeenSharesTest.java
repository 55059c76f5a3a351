package org.potluck.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The duplicate check by header hash, per chain tip, and its cost on the hot path. */
class SeenSharesTest {
    private static final String TIP_A = "aa".repeat(32);
    private static final String TIP_B = "bb".repeat(32);

    private static byte[][] hashes(int n, long seed) {
        var random = new SplittableRandom(seed);
        byte[][] out = new byte[n][32];
        for (byte[] hash : out) {
            for (int i = 0; i < 32; i++) {
                hash[i] = (byte) random.nextInt(256);
            }
        }
        return out;
    }

    @Test
    void aHeaderIsNewOncePerTipAndANewTipForgetsTheOldOnesShares() {
        var seen = new SeenShares();
        byte[] hash = hashes(1, 1)[0];
        assertThat(seen.firstTime(TIP_A, hash)).isTrue();
        assertThat(seen.firstTime(TIP_A, hash.clone())).isFalse();
        assertThat(seen.firstTime(TIP_B, hash))
                .as("on the next tip the set starts afresh")
                .isTrue();
        assertThat(seen.size()).isEqualTo(1);
    }

    @Test
    void aForgottenShareIsNewAgainButOnlyOnItsOwnTip() {
        var seen = new SeenShares();
        byte[] hash = hashes(1, 2)[0];
        seen.firstTime(TIP_A, hash);
        seen.forget(TIP_B, hash); // another tip: nothing of it is kept, nothing to take out
        assertThat(seen.firstTime(TIP_A, hash)).isFalse();
        seen.forget(TIP_A, hash);
        assertThat(seen.firstTime(TIP_A, hash)).isTrue();
    }

    /**
     * A block's worth of shares costs no allocation once the set has grown to a block's size: a boxed set would
     * allocate a Long and a node for every share (about 50 bytes each), on the event loop, for every miner.
     */
    @Test
    void keepingABlocksWorthOfSharesAllocatesNothingOnceGrown() {
        var seen = new SeenShares();
        byte[][] first = hashes(400, 3);
        byte[][] second = hashes(400, 4);
        for (int round = 0; round < 50; round++) { // warm: the set has grown and the code is compiled
            String tip = round % 2 == 0 ? TIP_A : TIP_B;
            for (byte[] hash : round % 2 == 0 ? first : second) {
                seen.firstTime(tip, hash);
            }
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int fresh = 0;
        for (byte[] hash : first) { // TIP_A again after TIP_B: every one is new
            fresh += seen.firstTime(TIP_A, hash) ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("400 shares on a new tip: %d bytes allocated%n", allocated);
        assertThat(fresh).isEqualTo(400);
        assertThat(allocated).as("bytes allocated for 400 shares").isLessThan(2_000);
    }
}
