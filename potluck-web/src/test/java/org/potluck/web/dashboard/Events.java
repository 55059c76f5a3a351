package org.potluck.web.dashboard;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.potluck.bitcoin.Target;
import org.potluck.core.WorkTemplate;
import org.potluck.pool.PoolListener;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareProof;

/** Pool events as the pool would send them, and a clock the test moves, so that numbers can be worked out by hand. */
public final class Events {
    private Events() {}

    /** A clock that stands still until told to move. */
    public static final class TestClock extends Clock {
        private Instant now;

        public TestClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** 2026-01-01T00:00:00Z: on a whole hour, so buckets of every size start here. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    public static AcceptedShare share(String address, String worker, double difficulty, double hashDifficulty) {
        return new AcceptedShare(
                0,
                START,
                address,
                worker,
                "test-miner/1.0",
                "job1",
                difficulty,
                hashDifficulty,
                false,
                null,
                new ShareProof.HeaderFields("sv1", "00000001", "000000010000000000000000", 0x20000000, 0x65000000, 0));
    }

    /** A template at {@code height} whose target is the one of nBits {@code bits}. */
    public static WorkTemplate template(int height, int bits, long coinbaseValue) {
        BigInteger target = Target.fromBits(bits);
        return new WorkTemplate(
                height,
                height,
                "00".repeat(32),
                new byte[32],
                0x20000000,
                bits,
                0,
                0,
                coinbaseValue,
                List.of(),
                List.of(),
                null,
                target,
                Target.toLittleEndian32(target));
    }

    public static PoolListener.BlockFound block(int height, String address, String worker) {
        return new PoolListener.BlockFound(height, "ab".repeat(32), address, worker, List.of(), null);
    }
}
