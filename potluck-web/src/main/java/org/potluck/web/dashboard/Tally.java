package org.potluck.web.dashboard;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** What one worker, or one payout address over all its workers, has done: every field is safe to update concurrently. */
final class Tally {
    final RollingSeries hashes = new RollingSeries(LiveStats.MINUTE, 60);
    final LongAdder accepted = new LongAdder();
    final RejectTally rejects = new RejectTally();
    final RoundBest bestRound = new RoundBest();
    final DoubleAccumulator bestEver = new DoubleAccumulator(Math::max, 0);
    final AtomicInteger connections = new AtomicInteger();
    final LongAdder blocks = new LongAdder();
    volatile long lastShareMillis = -1;
    volatile String userAgent = "";

    void accepted(long nowMillis, long round, double difficulty, double hashDifficulty) {
        hashes.add(nowMillis, difficulty);
        accepted.increment();
        bestRound.offer(round, hashDifficulty);
        bestEver.accumulate(hashDifficulty);
        lastShareMillis = nowMillis;
    }

    void disconnected() {
        // A session that re-authorized as another user may disconnect from a worker it never counted in.
        connections.updateAndGet(n -> Math.max(0, n - 1));
    }

    Long lastShare() {
        return lastShareMillis < 0 ? null : lastShareMillis;
    }
}
