package org.potluck.pool.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.JobBoard;
import org.potluck.store.JobRecord;
import org.potluck.store.ShareStore;
import org.potluck.store.ShareStores;

class JobArchiveTest {
    private static final String A = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"; // BIP173 example address
    private static final int HEIGHTS = 600;
    private static final int JOBS_PER_HEIGHT = 40;

    @TempDir
    Path dir;

    /**
     * A long run, bounded: 24,000 jobs over 600 blocks, each asked for by a share as the pool does (its record goes
     * to the journal with the share). The archive keeps the current block's jobs, not every job ever made (it used to
     * grow by one entry per job), and writes every job to the database.
     */
    @Test
    void theJobArchiveHoldsOnlyTheCurrentBlocksJobsOverALongRun() throws Exception {
        try (ShareStore store = ShareStores.open(null, dir);
                JobArchive archive = new JobArchive(store, job -> "{}")) {
            JobBoard board = new JobBoard(12, new byte[0], archive::publish);
            int largest = 0;
            for (int height = 1; height <= HEIGHTS; height++) {
                WorkTemplate work = board.install(template(height));
                for (int j = 0; j < JOBS_PER_HEIGHT; j++) {
                    Job job = board.jobFor(work, plan(j));
                    JobRecord record = archive.record(job); // a share on the job, as StratumConnection asks
                    assertThat(record.jobId()).isEqualTo(job.id());
                    assertThat(record.height()).isEqualTo(height);
                    assertThat(archive.record(job)).as("made once per job").isSameAs(record);
                    largest = Math.max(largest, archive.size());
                }
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> store.jobsAfter(0, 100_000).size() == HEIGHTS * JOBS_PER_HEIGHT);
            System.out.printf("%d jobs made, the archive held at most %d%n", HEIGHTS * JOBS_PER_HEIGHT, largest);
            assertThat(largest)
                    .as("entries held at once, over %d jobs", HEIGHTS * JOBS_PER_HEIGHT)
                    .isLessThanOrEqualTo(2 * JOBS_PER_HEIGHT);
            assertThat(store.jobsAfter(0, 100_000))
                    .as("every job is still in the database")
                    .hasSize(HEIGHTS * JOBS_PER_HEIGHT);
        }
    }

    /**
     * One long block: the node refreshes its template 200 times at the same height, and each refresh makes new jobs
     * (as a solo pool does, one per miner). The archive keeps the newest two templates' jobs, not every job of the
     * block, with its JSON; a late share on an older job gets the same job back.
     */
    @Test
    void theJobArchiveHoldsTheNewestTwoTemplatesJobsAcrossTheRefreshesOfOneBlock() throws Exception {
        try (ShareStore store = ShareStores.open(null, dir);
                JobArchive archive = new JobArchive(store, job -> "{\"job\":\"" + job.id() + "\"}")) {
            JobBoard board = new JobBoard(12, new byte[0], archive::publish);
            int largest = 0;
            Job first = null;
            for (int refresh = 0; refresh < 200; refresh++) {
                WorkTemplate work = board.install(template(7));
                for (int j = 0; j < JOBS_PER_HEIGHT; j++) {
                    Job job = board.jobFor(work, plan(j));
                    first = first == null ? job : first;
                    archive.record(job);
                    largest = Math.max(largest, archive.size());
                }
            }
            System.out.printf(
                    "%d jobs made in one block, the archive held at most %d%n", 200 * JOBS_PER_HEIGHT, largest);
            assertThat(largest)
                    .as("entries held at once, over %d jobs of one block", 200 * JOBS_PER_HEIGHT)
                    .isLessThanOrEqualTo(2 * JOBS_PER_HEIGHT + 1);
            JobRecord late = archive.record(first);
            assertThat(late.jobId()).isEqualTo(first.id());
            assertThat(late.json()).isEqualTo("{\"job\":\"" + first.id() + "\"}");
        }
    }

    private static BlockTemplate template(int height) {
        return new BlockTemplate(
                0x20000000,
                String.format("%064x", height),
                List.of(),
                312_500_000L,
                "17034219",
                null,
                1_700_000_000L + height,
                1_699_990_000L,
                height,
                "6a24aa21a9ed" + "00".repeat(32),
                null,
                List.of("segwit"));
    }

    /** A plan of its own for each job of a block (the board shares one job per distinct set of outputs). */
    private static PayoutPlan plan(int j) {
        var out = new TxOut(312_500_000L - j, Address.toScriptPubKey(A, Network.MAINNET));
        return new PayoutPlan(List.of(out), List.of(A), null, null, 10);
    }
}
