package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.pool.config.PoolConfig;

/**
 * The project's CPU miner (one thread, a few MH/s) on a pool with the mainnet defaults for difficulty (start 1024,
 * minimum 0.001, one share per 10 s): vardiff must bring it to its first share in well under a minute, where it used to
 * take about two (the first step down came after about 66 s). The figures go to docs/BENCHMARKS.md.
 */
class SlowMinerFirstShareTest {
    @Test
    void cpuMinerStartingAtTheDefaultDifficultyGetsItsFirstShareWithinAMinute() throws Exception {
        try (RegtestPool p = RegtestPool.start(c -> c.withStratum(defaults(c)))) {
            long started = System.nanoTime();
            AtomicLong firstShare = new AtomicLong();
            List<String> difficulties = new CopyOnWriteArrayList<>();
            var listener = new MinerListener() {
                @Override
                public void onDifficulty(double difficulty) {
                    difficulties.add(String.format("%.1f s: %.3g", (System.nanoTime() - started) / 1e9, difficulty));
                }

                @Override
                public void onShare(String jobId, boolean accepted, String error, double hashDifficulty) {
                    if (accepted) {
                        firstShare.compareAndSet(0, System.nanoTime());
                    }
                }
            };
            try (var miner = new CpuMiner(
                    MinerOptions.parseUrl(p.url(), RegtestPool.newAddress() + ".cpu", "x", 1, 0, true, null),
                    listener)) {
                miner.start();
                await().atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> firstShare.get() != 0);
                double seconds = (firstShare.get() - started) / 1e9;
                System.out.printf(
                        "first accepted share after %.1f s at %.2f MH/s; difficulties: %s%n",
                        seconds, miner.hashrate() / 1e6, difficulties);
                assertThat(seconds).as("seconds to the first share").isLessThan(60);
            }
        }
    }

    private static PoolConfig.StratumConfig defaults(PoolConfig c) {
        var s = c.stratum();
        var d = PoolConfig.defaultStratum();
        return new PoolConfig.StratumConfig(
                s.host(),
                s.port(),
                d.startDifficulty(),
                d.minDifficulty(),
                d.maxDifficulty(),
                d.targetShareSeconds(),
                s.versionMask(),
                s.extranonce2Size(),
                s.coinbaseTag(),
                s.maxLineBytes(),
                s.idleSecondsBeforeAuthorize(),
                s.banSeconds());
    }
}
