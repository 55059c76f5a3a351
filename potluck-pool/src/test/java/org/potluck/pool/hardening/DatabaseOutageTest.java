package org.potluck.pool.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.hardening.HardeningSupport.HandMiner;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareStore;
import org.potluck.store.StorageConfig;

/**
 * The database is only a copy: while PostgreSQL is down, shares are acknowledged once they are on disk in the journal
 * (with their jobs), /health says the database is failing, and once it is back the copier brings it every
 * acknowledged share exactly once, each after its job. A real pool on a real regtest node and a real PostgreSQL,
 * which the test stops and starts again on the same data directory and port.
 */
class DatabaseOutageTest {
    private static final int SHARES_BEFORE = 10;
    private static final int SHARES_PER_PHASE = 25;

    @Test
    void sharesAreAcknowledgedWhilePostgresIsDownAndReachItOnceWithTheirJobsWhenItIsBack() throws Exception {
        try (StoppablePostgres postgres = StoppablePostgres.start();
                RegtestPool p = RegtestPool.start(c -> c.withStratum(HardeningSupport.stratum(c, 5, 16 * 1024, 60))
                        .withStorage(new StorageConfig(postgres.url())));
                HandMiner a = new HandMiner("127.0.0.40", p.port(), RegtestPool.newAddress() + ".a").handshake()) {
            ShareStore store = p.pool.store();
            for (int i = 0; i < SHARES_BEFORE; i++) {
                HardeningSupport.timedValidSubmit(a);
            }
            p.pool.copier().awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(store.count()).isEqualTo(SHARES_BEFORE);

            postgres.stop();
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < SHARES_PER_PHASE; i++) {
                latencies.add(HardeningSupport.timedValidSubmit(a));
            }
            // The database's connection timeout (10 s) passes before the pool can tell it is down rather than slow.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !p.pool.health().database().ok());
            String healthDuringOutage = p.pool.health().database().detail();
            // A new block while the database is down: the pool makes new jobs, which no database write can keep.
            String oldTip = a.job.get("params").get(1).asString();
            long blockMined = System.nanoTime();
            p.node.rpc().generateToAddress(1, RegtestPool.newAddress());
            a.awaitJob(n -> !n.get("params").get(1).asString().equals(oldTip));
            double newWorkSeconds = (System.nanoTime() - blockMined) / 1e9;
            System.out.printf(
                    "PostgreSQL down: the new block's work reached the miner %.2f s after it was mined%n",
                    newWorkSeconds);
            // Asking the database that is down first would cost its 10 s connection timeout (the client gives up at
            // 10).
            assertThat(newWorkSeconds)
                    .as("new work does not wait for the database, s")
                    .isLessThan(8);
            int beforeNewBlock = p.events.accepted.size();
            try (HandMiner b = new HandMiner("127.0.0.41", p.port(), RegtestPool.newAddress() + ".b").handshake()) {
                for (int i = 0; i < SHARES_PER_PHASE; i++) {
                    latencies.add(HardeningSupport.timedValidSubmit(a));
                    latencies.add(HardeningSupport.timedValidSubmit(b));
                }
            }
            int acceptedDuringOutage = p.events.accepted.size() - SHARES_BEFORE;
            Set<String> jobsBefore = jobIds(p.events.accepted.subList(0, beforeNewBlock));
            Set<String> outageJobs = jobIds(p.events.accepted.subList(beforeNewBlock, p.events.accepted.size()));
            assertThat(outageJobs)
                    .as("jobs made while the database was down (one per miner's address)")
                    .hasSize(2)
                    .doesNotContainAnyElementsOf(jobsBefore);
            assertThat(p.pool.health().database().ok()).as("still down").isFalse();
            long[] l = HardeningSupport.sorted(latencies);
            System.out.printf(
                    "PostgreSQL down: %d shares acknowledged, honest miners' submit latency p50 %.1f ms, "
                            + "p95 %.1f ms, max %.1f ms; /health database: %s%n",
                    acceptedDuringOutage,
                    HardeningSupport.percentile(l, 50) / 1e6,
                    HardeningSupport.percentile(l, 95) / 1e6,
                    l[l.length - 1] / 1e6,
                    healthDuringOutage);
            assertThat(acceptedDuringOutage).isEqualTo(3 * SHARES_PER_PHASE);
            // Waiting for the database would take its 10 s connection timeout; generous for a loaded 2-core machine.
            assertThat(HardeningSupport.percentile(l, 95) / 1e6)
                    .as("share answers do not wait for the database, ms")
                    .isLessThan(2000);
            assertThat(healthDuringOutage).startsWith("failing, shares are still accepted");
            assertThat(p.pool.health().journal().ok()).isTrue();

            postgres.restart();
            p.pool.copier().awaitCaughtUp(Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> p.pool.health().database().ok());

            List<AcceptedShare> acknowledged = p.events.accepted;
            long total = acknowledged.size();
            assertThat(total).isEqualTo(SHARES_BEFORE + 3 * SHARES_PER_PHASE);
            assertThat(p.pool.journal().lastSequence()).isEqualTo(total);
            List<AcceptedShare> stored = store.sharesAfter(0, 10_000);
            assertThat(stored)
                    .extracting(AcceptedShare::sequence)
                    .as("every acknowledged share once, sequences contiguous")
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(stored)
                    .extracting(AcceptedShare::proof, AcceptedShare::jobId, AcceptedShare::worker)
                    .containsExactlyInAnyOrderElementsOf(acknowledged.stream()
                            .map(s -> org.assertj.core.groups.Tuple.tuple(s.proof(), s.jobId(), s.worker()))
                            .toList());
            Set<String> jobIds = jobIds(stored);
            assertThat(jobIds).containsAll(outageJobs);
            for (String jobId : jobIds) {
                assertThat(store.job(jobId))
                        .as("job %s of a stored share", jobId)
                        .isPresent();
            }
        }
    }

    private static Set<String> jobIds(List<AcceptedShare> shares) {
        Set<String> ids = new HashSet<>();
        shares.forEach(s -> ids.add(s.jobId()));
        return ids;
    }
}
