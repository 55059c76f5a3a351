package org.potluck.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.potluck.web.dashboard.Events.block;
import static org.potluck.web.dashboard.Events.share;
import static org.potluck.web.dashboard.Events.template;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.potluck.core.Rejection;
import org.potluck.node.SubmitResult;

class LiveStatsTest {
    private static final double TWO_32 = 4294967296.0;
    private static final String ALICE = "bcrt1qalice";
    private static final String BOB = "bcrt1qbob";
    private static final SubmitResult ACCEPTED = new SubmitResult(SubmitResult.Outcome.ACCEPTED, null);

    private final Events.TestClock clock = new Events.TestClock(Events.START);
    private final LiveStats stats = new LiveStats(clock, LiveStats.RoundReset.POOL_BLOCK);

    @Test
    void hashrateIsAcceptedDifficultyTimesTwoToThe32PerSecond() {
        // 30 shares of difficulty 2 over 60 s: 60 difficulty-seconds... 60 × 2^32 hashes in 60 s = 2^32 H/s.
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofSeconds(2));
            stats.shareAccepted(share(ALICE, "rig", 2, 3));
        }
        var pool = stats.pool();
        assertThat(pool.hashrate10m()).isCloseTo(TWO_32, within(1.0));
        assertThat(pool.hashrate1h()).isCloseTo(TWO_32, within(1.0));
        assertThat(pool.accepted()).isEqualTo(30);
        assertThat(pool.acceptedDifficulty()).isEqualTo(60.0);
        assertThat(stats.workers()).singleElement().satisfies(w -> {
            assertThat(w.address()).isEqualTo(ALICE);
            assertThat(w.worker()).isEqualTo("rig");
            assertThat(w.hashrate10m()).isCloseTo(TWO_32, within(1.0));
        });
    }

    @Test
    void hashrateWindowsForgetSharesOlderThanTheWindow() {
        clock.advance(Duration.ofMinutes(1));
        stats.shareAccepted(share(ALICE, "rig", 600, 600));
        clock.advance(Duration.ofMinutes(20));
        var pool = stats.pool();
        assertThat(pool.hashrate10m()).isZero();
        // 600 difficulty over the 21 minutes since the start.
        assertThat(pool.hashrate1h()).isCloseTo(600 * TWO_32 / (21 * 60), within(1.0));
        clock.advance(Duration.ofHours(2));
        assertThat(stats.pool().hashrate1h()).isZero();
        assertThat(stats.pool().hashrate24h()).isGreaterThan(0);
    }

    @Test
    void chartsHaveOneBucketPerMinuteTenMinutesAndHour() {
        clock.advance(Duration.ofDays(8));
        // Bucket boundaries are the epoch's, so two shares 30 s apart at the start of a minute share a bucket.
        stats.shareAccepted(share(ALICE, "rig", 60, 60));
        clock.advance(Duration.ofSeconds(30));
        stats.shareAccepted(share(ALICE, "rig", 60, 60));
        clock.advance(Duration.ofSeconds(30));

        // The bucket still filling is not drawn: the ring's other 59 minutes are, the shares' minute last.
        List<Views.ChartPoint> hour = stats.chart(LiveStats.Range.HOUR);
        assertThat(hour).hasSize(59);
        assertThat(hour.get(58).hashrate()).isCloseTo(120 * TWO_32 / 60, within(1.0));
        assertThat(hour.get(58).time() - hour.get(57).time()).isEqualTo(60_000);
        clock.advance(Duration.ofHours(1));
        assertThat(stats.chart(LiveStats.Range.DAY)).hasSize(143);
        assertThat(stats.chart(LiveStats.Range.WEEK))
                .hasSize(167)
                .extracting(Views.ChartPoint::hashrate)
                .filteredOn(h -> h > 0)
                .hasSize(1);
    }

    @Test
    void theBucketStillFillingIsLeftOutUnlessThePoolIsYoungerThanOneBucket() {
        stats.shareAccepted(share(ALICE, "rig", 60, 60));
        clock.advance(Duration.ofSeconds(20));
        assertThat(stats.chart(LiveStats.Range.HOUR))
                .as("a pool 20 s old has its one bucket")
                .singleElement()
                .satisfies(p -> assertThat(p.hashrate()).isCloseTo(60 * TWO_32 / 20, within(1.0)));
        clock.advance(Duration.ofSeconds(42));
        // Two seconds into the second minute with no share yet: drawn, it would be a dip to zero.
        assertThat(stats.chart(LiveStats.Range.HOUR))
                .singleElement()
                .satisfies(p -> assertThat(p.hashrate()).isCloseTo(60 * TWO_32 / 60, within(1.0)));
    }

    @Test
    void chartsStartWhenThePoolStarted() {
        clock.advance(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(stats.chart(LiveStats.Range.HOUR)).hasSize(5);
        assertThat(stats.chart(LiveStats.Range.WEEK)).hasSize(1);
    }

    @Test
    void chartRangeMustBeOneOfThree() {
        assertThat(LiveStats.Range.parse("24h")).isEqualTo(LiveStats.Range.DAY);
        assertThatThrownBy(() -> LiveStats.Range.parse("2h"))
                .hasMessageContaining("1h, 24h, 7d")
                .hasMessageContaining("2h");
    }

    @Test
    void bestShareThisRoundStartsAgainWhenThePoolFindsABlockButAllTimeStays() {
        stats.shareAccepted(share(ALICE, "rig", 1, 500));
        stats.shareAccepted(share(BOB, "a", 1, 20));
        stats.blockFound(block(101, BOB, "a"), ACCEPTED);
        stats.shareAccepted(share(BOB, "a", 1, 30));

        var pool = stats.pool();
        assertThat(pool.bestRound()).isEqualTo(30);
        assertThat(pool.bestAllTime()).isEqualTo(500);
        assertThat(pool.blocksFound()).isEqualTo(1);
        assertThat(pool.lastBlockAt()).isEqualTo(Events.START.toEpochMilli());
        var leaders = stats.leaderboards(10);
        assertThat(leaders.workersRound())
                .extracting(Views.Leader::name, Views.Leader::difficulty)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BOB + ".a", 30.0));
        assertThat(leaders.workersAllTime()).extracting(Views.Leader::name).containsExactly(ALICE + ".rig", BOB + ".a");
        assertThat(leaders.addressesAllTime()).extracting(Views.Leader::name).containsExactly(ALICE, BOB);
        assertThat(stats.miner(BOB).orElseThrow().blocks()).isEqualTo(1);
    }

    @Test
    void theBlockListShowsWhatBecameOfEachBlock() {
        stats.blockFound(block(101, ALICE, "rig"), ACCEPTED);
        assertThat(stats.recentBlocks())
                .singleElement()
                .satisfies(b -> assertThat(b.status()).isEqualTo("pending"));

        stats.blockStatusChanged("ab".repeat(32), 101, "orphaned");

        assertThat(stats.recentBlocks()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo("orphaned");
            assertThat(b.height()).isEqualTo(101);
        });
    }

    @Test
    void aRejectedBlockDoesNotEndTheRound() {
        stats.shareAccepted(share(ALICE, "rig", 1, 500));
        stats.blockFound(block(101, ALICE, "rig"), new SubmitResult(SubmitResult.Outcome.REJECTED, "high-hash"));
        assertThat(stats.pool().bestRound()).isEqualTo(500);
        assertThat(stats.pool().blocksFound()).isZero();
        assertThat(stats.recentBlocks())
                .singleElement()
                .satisfies(b -> assertThat(b.outcome()).isEqualTo("REJECTED"));
        assertThat(stats.blocksByOutcome()).containsEntry(SubmitResult.Outcome.REJECTED, 1L);
    }

    @Test
    void networkBlockRoundsStartAgainOnEveryNewBlockOnTheNetwork() {
        var perBlock = new LiveStats(clock, LiveStats.RoundReset.NETWORK_BLOCK);
        perBlock.shareAccepted(share(ALICE, "rig", 1, 500));
        perBlock.newWork(template(101, 0x207fffff, 50_0000_0000L), false);
        assertThat(perBlock.pool().bestRound()).isEqualTo(500);
        perBlock.newWork(template(102, 0x207fffff, 50_0000_0000L), true);
        assertThat(perBlock.pool().bestRound()).isZero();
        assertThat(perBlock.miner(ALICE).orElseThrow().bestRound()).isZero();
        assertThat(perBlock.miner(ALICE).orElseThrow().bestAllTime()).isEqualTo(500);
    }

    @Test
    void rejectsAreCountedByTheirReasonsMetricLabelWithTheLatestMessage() {
        stats.minerAuthorized(ALICE + ".rig", "cpuminer", "127.0.0.1:1", 1);
        stats.shareRejected(ALICE + ".rig", Rejection.DUPLICATE, "duplicate share");
        // Two reasons, one label: an unknown job and a stale one were one Stratum error, and dashboards count them so.
        stats.shareRejected(ALICE + ".rig", Rejection.UNKNOWN_JOB, "job not found (stale)");
        stats.shareRejected(ALICE + ".rig", Rejection.STALE_JOB, "stale share: the job predates the latest block");
        stats.shareRejected(null, Rejection.NOT_SUBSCRIBED, "not subscribed");

        var pool = stats.pool();
        assertThat(pool.rejected()).isEqualTo(4);
        assertThat(pool.rejects())
                .containsExactly(
                        new Views.RejectCount("job_not_found", 2, "stale share: the job predates the latest block"),
                        new Views.RejectCount("duplicate", 1, "duplicate share"),
                        new Views.RejectCount("not_subscribed", 1, "not subscribed"));
        var alice = stats.miner(ALICE).orElseThrow();
        assertThat(alice.rejected()).isEqualTo(3);
        assertThat(alice.workers())
                .singleElement()
                .satisfies(w -> assertThat(w.rejected()).isEqualTo(3));
    }

    @Test
    void rejectsFromUnknownUsersDoNotCreateWorkers() {
        stats.shareRejected("garbage.x", Rejection.WRONG_WORKER, "not an address");
        assertThat(stats.workers()).isEmpty();
        assertThat(stats.miner("garbage")).isEmpty();
        assertThat(stats.pool().rejected()).isEqualTo(1);
    }

    @Test
    void connectionsCountSessionsWorkersAndAddresses() {
        stats.minerConnected("127.0.0.1:1");
        stats.minerConnected("127.0.0.1:2");
        stats.minerConnected("127.0.0.1:3");
        stats.minerAuthorized(ALICE + ".one", "bitaxe", "127.0.0.1:1", 1);
        stats.minerAuthorized(ALICE + ".two", "bitaxe", "127.0.0.1:2", 1);
        stats.minerAuthorized(BOB, "cpuminer", "127.0.0.1:3", 1);
        var pool = stats.pool();
        assertThat(List.of(pool.sessions(), pool.workers(), pool.miners())).containsExactly(3, 3, 2);

        stats.minerDisconnected(ALICE + ".two", "127.0.0.1:2");
        stats.minerDisconnected(BOB, "127.0.0.1:3");
        pool = stats.pool();
        assertThat(List.of(pool.sessions(), pool.workers(), pool.miners())).containsExactly(1, 1, 1);
        assertThat(stats.miner(BOB).orElseThrow().workers())
                .singleElement()
                .satisfies(w -> assertThat(w.worker()).isEqualTo("default"));
        // A session that never authorized leaves with a null user.
        stats.minerDisconnected(null, "127.0.0.1:9");
        stats.minerDisconnected(null, "127.0.0.1:9");
        assertThat(stats.pool().sessions()).isZero();
    }

    @Test
    void expectedTimeToBlockIsNetworkDifficultyTimesTwoToThe32OverPoolHashrate() {
        assertThat(stats.pool().expectedSecondsToBlock()).isNull();
        // nBits 0x1d00ffff is difficulty 1 (the genesis target).
        stats.newWork(template(800_000, 0x1d00ffff, 3_1250_0000L), true);
        clock.advance(Duration.ofMinutes(10));
        stats.shareAccepted(share(ALICE, "rig", 6, 6));
        // 6 × 2^32 hashes in 600 s: 2^32/100 H/s, so difficulty 1 takes 100 s.
        var pool = stats.pool();
        assertThat(pool.networkDifficulty()).isEqualTo(1.0);
        assertThat(pool.height()).isEqualTo(800_000);
        assertThat(pool.coinbaseValue()).isEqualTo(3_1250_0000L);
        assertThat(pool.expectedSecondsToBlock()).isCloseTo(100.0, within(1e-6));
        assertThat(pool.lastWorkAt()).isEqualTo(Events.START.toEpochMilli());
    }

    @Test
    void nodeStatusFollowsTheNode() {
        assertThat(stats.pool().nodeUp()).isFalse();
        stats.nodeUp("http://127.0.0.1:18443");
        assertThat(stats.pool().nodeUp()).isTrue();
        stats.nodeDown("connection refused");
        assertThat(stats.pool()).satisfies(p -> {
            assertThat(p.nodeUp()).isFalse();
            assertThat(p.nodeDetail()).isEqualTo("connection refused");
        });
        stats.newWork(template(5, 0x207fffff, 1), true);
        assertThat(stats.pool().nodeUp()).isTrue();
    }

    @Test
    void minerPageHasItsWorkersLastShareAndChart() {
        stats.minerAuthorized(ALICE + ".rig", "bitaxe/2.4", "127.0.0.1:1", 1);
        clock.advance(Duration.ofSeconds(90));
        stats.shareAccepted(share(ALICE, "rig", 1, 7));
        stats.shareAccepted(share(BOB, "rig", 1, 9));
        var alice = stats.miner(ALICE).orElseThrow();
        assertThat(alice.workers())
                .extracting(Views.WorkerView::worker, Views.WorkerView::userAgent, Views.WorkerView::connections)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rig", "bitaxe/2.4", 1));
        assertThat(alice.lastShareAt()).isEqualTo(Events.START.plusSeconds(90).toEpochMilli());
        assertThat(alice.bestAllTime()).isEqualTo(7);
        assertThat(alice.accepted()).isEqualTo(1);
        assertThat(alice.chart())
                .as("the first minute; the second is still filling")
                .hasSize(1);
        assertThat(stats.miner("bcrt1qnobody")).isEmpty();
    }

    @Test
    void concurrentSharesAreAllCounted() throws Exception {
        int threads = 8, perThread = 20_000;
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String worker = "w" + (t % 3);
                done.add(pool.submit(() -> {
                    for (int i = 1; i <= perThread; i++) {
                        stats.shareAccepted(share(ALICE, worker, 1, i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        var pool = stats.pool();
        assertThat(pool.accepted()).isEqualTo((long) threads * perThread);
        assertThat(pool.acceptedDifficulty()).isEqualTo((double) threads * perThread);
        assertThat(pool.bestRound()).isEqualTo(perThread);
        assertThat(stats.miner(ALICE).orElseThrow().accepted()).isEqualTo((long) threads * perThread);
        assertThat(stats.workers())
                .extracting(Views.WorkerView::accepted)
                .containsOnly(3L * perThread, 3L * perThread, 2L * perThread);
    }
}
