package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs in the journal: each share's job record comes before it, once per segment, takes no sequence, survives a torn
 * tail after it, and reaches the database before any share on it. A journal of share records only still opens.
 */
class JournalJobRecordsTest {
    /** To the microsecond, what every store keeps. */
    private static final java.time.Instant JOB_TIME = java.time.Instant.parse("2025-06-01T12:00:00.123456Z");

    @TempDir
    Path dir;

    /** The job {@code Shares.share(i)} names; five jobs per block height. */
    static JobRecord jobOf(int i) {
        int job = i / 10;
        return JobRecord.of(
                "job" + Integer.toHexString(job),
                800_000 + job / 5,
                JOB_TIME.plusSeconds(job),
                "{\"job\":" + job + ",\"note\":\"π ✓\"}");
    }

    static void appendWithJobs(ShareJournal journal, int from, int to) throws Exception {
        List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(journal.append(jobOf(i), Shares.share(i)));
        }
        for (CompletableFuture<AcceptedShare> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
    }

    /** Jobs and shares as replay delivers them: job ids as "J:id", shares as "S:sequence". */
    static List<String> events(ShareJournal journal, long after) throws IOException {
        List<String> out = new ArrayList<>();
        journal.replay(after, j -> out.add("J:" + j.jobId()), s -> out.add("S:" + s.sequence()));
        return out;
    }

    @Test
    void eachJobIsJournaledOnceBeforeItsFirstShareAndOnlySharesAreNumbered() throws Exception {
        List<JobRecord> jobs = new ArrayList<>();
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendWithJobs(journal, 0, 25);
            assertThat(journal.lastSequence()).isEqualTo(25);
            journal.replay(0, jobs::add, s -> {});
            assertThat(events(journal, 0))
                    .containsExactly(
                            "J:job0", "S:1", "S:2", "S:3", "S:4", "S:5", "S:6", "S:7", "S:8", "S:9", "S:10", "J:job1",
                            "S:11", "S:12", "S:13", "S:14", "S:15", "S:16", "S:17", "S:18", "S:19", "S:20", "J:job2",
                            "S:21", "S:22", "S:23", "S:24", "S:25");
        }
        assertThat(jobs).containsExactly(jobOf(0), jobOf(10), jobOf(20));
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(reopened.lastSequence()).isEqualTo(25);
            assertThat(reopened.append(jobOf(25), Shares.share(25))
                            .get(5, TimeUnit.SECONDS)
                            .sequence())
                    .isEqualTo(26);
            // Reopening re-read the last segment: job2 is known, so its share needs no second record.
            assertThat(events(reopened, 25)).containsExactly("S:26");
        }
    }

    @Test
    void aReaderStartingAfterAShareGetsTheJobRecordsAfterItAndNoneBefore() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendWithJobs(journal, 0, 25);
            assertThat(events(journal, 10)).startsWith("J:job1", "S:11", "S:12");
            assertThat(events(journal, 11))
                    .startsWith("S:12")
                    .contains("J:job2")
                    .doesNotContain("J:job0", "J:job1");
            List<String> copied = new ArrayList<>();
            try (JournalReader reader = new JournalReader(journal, 0)) {
                // Shares are counted, jobs come along: a read stops after a share, never between a job and its share.
                while (reader.read(7, j -> copied.add("J:" + j.jobId()), s -> copied.add("S:" + s.sequence())) > 0) {
                    copied.add("|");
                }
            }
            assertThat(copied.stream().filter(e -> !e.equals("|")).toList()).isEqualTo(events(journal, 0));
            assertThat(copied).containsSubsequence("S:7", "|", "S:8").containsSubsequence("S:10", "J:job1", "S:11");
        }
    }

    @Test
    void everySegmentHoldsTheJobOfEachOfItsSharesBeforeTheShare() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir, 4096, ChannelOpener.FILES)) {
            appendWithJobs(journal, 0, 120);
            assertThat(journal.segments()).hasSizeGreaterThan(3);
            for (Path segment : journal.segments().values()) {
                Set<String> jobsSoFar = new HashSet<>();
                int shares = 0;
                try (SegmentReader reader = new SegmentReader(segment)) {
                    scan:
                    while (true) {
                        switch (reader.next()) {
                            case SegmentReader.JobEntry j ->
                                assertThat(jobsSoFar.add(j.job().jobId()))
                                        .as(
                                                "%s holds job %s once",
                                                segment.getFileName(), j.job().jobId())
                                        .isTrue();
                            case SegmentReader.Record r -> {
                                assertThat(jobsSoFar)
                                        .as(
                                                "%s: jobs before share %d",
                                                segment.getFileName(), r.share().sequence())
                                        .contains(r.share().jobId());
                                shares++;
                            }
                            case SegmentReader.End e -> {
                                break scan;
                            }
                            case SegmentReader.Bad b -> throw new AssertionError(b.reason());
                        }
                    }
                }
                assertThat(shares).isPositive();
            }
        }
    }

    @Test
    void aLateShareOnAnOlderBlocksJobWritesThatJobAgain() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendWithJobs(journal, 0, 1); // job0 at the first height
            appendWithJobs(journal, 50, 51); // job5, one block later: the older block's jobs are forgotten
            appendWithJobs(journal, 1, 2); // a late share on job0
            appendWithJobs(journal, 51, 52); // job5 is still known
            assertThat(events(journal, 0)).containsExactly("J:job0", "S:1", "J:job5", "S:2", "J:job0", "S:3", "S:4");
        }
    }

    /**
     * The batch after a job record was torn inside its share (never forced, never acknowledged): the share is cut, the
     * complete job record is kept, and it is not written a second time for the next share on it.
     */
    @Test
    void aTornTailAfterAJobRecordCutsTheShareAndKeepsTheJob() throws Exception {
        Path segment = dir.resolve(ShareJournal.segmentName(1));
        long jobEnd;
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendWithJobs(journal, 0, 5);
            jobEnd = Files.size(segment)
                    + ShareRecordCodec.FRAME_HEADER_BYTES
                    + JobRecordCodec.encodePayload(jobOf(10)).length;
            appendWithJobs(journal, 10, 11);
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(jobEnd + 10);
        }
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThat(journal.lastSequence()).isEqualTo(5);
            assertThat(Files.size(segment)).isEqualTo(jobEnd);
            assertThat(journal.append(jobOf(11), Shares.share(11))
                            .get(5, TimeUnit.SECONDS)
                            .sequence())
                    .isEqualTo(6);
            assertThat(events(journal, 0))
                    .containsExactly("J:job0", "S:1", "S:2", "S:3", "S:4", "S:5", "J:job1", "S:6");
        }
    }

    /**
     * A batch whose write failed (disk full) is cut back, its job record with it: the journal must not count that job
     * as written, or the next share on it would be stored without its job.
     */
    @Test
    void aJobRecordOfAFailedBatchIsWrittenAgainWithTheNextShareOnItsJob() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean diskFull = new java.util.concurrent.atomic.AtomicBoolean();
        ChannelOpener faulty = (file, options) -> new FaultyFileChannel(
                FileChannel.open(file, options), diskFull, new java.util.concurrent.atomic.AtomicInteger());
        try (ShareJournal journal = ShareJournal.open(dir, ShareJournal.DEFAULT_SEGMENT_BYTES, faulty)) {
            appendWithJobs(journal, 0, 2);
            diskFull.set(true);
            assertThat(journal.append(jobOf(10), Shares.share(10))).failsWithin(5, TimeUnit.SECONDS);
            assertThat(journal.healthy()).isFalse();
            diskFull.set(false);
            assertThat(journal.append(jobOf(11), Shares.share(11))
                            .get(5, TimeUnit.SECONDS)
                            .sequence())
                    .isEqualTo(3);
            assertThat(events(journal, 0)).containsExactly("J:job0", "S:1", "S:2", "J:job1", "S:3");
        }
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(events(reopened, 0)).containsExactly("J:job0", "S:1", "S:2", "J:job1", "S:3");
        }
    }

    /** Written as versions before job records wrote it: share records of format version 1 only. */
    @Test
    void aJournalOfVersionOneShareRecordsOnlyStillOpensAndReplays() throws Exception {
        List<AcceptedShare> old = new ArrayList<>();
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        for (int i = 0; i < 12; i++) {
            // Written before job records (and before record format 2) existed: format 1 share records only.
            AcceptedShare share = Shares.full(i + 1, Shares.BASE.plusSeconds(i), Shares.formatOne(i))
                    .withSequence(i + 1);
            byte[] payload = ShareRecordCodec.encodePayload(share);
            assertThat(payload[0]).as("share format version").isEqualTo((byte) 1);
            bytes.putInt(payload.length)
                    .putInt(ShareRecordCodec.checksum(payload))
                    .put(payload);
            old.add(share);
        }
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(
                dir.resolve(ShareJournal.segmentName(1)), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(bytes.flip());
        }
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThat(journal.lastSequence()).isEqualTo(12);
            assertThat(ShareJournalTest.replayAll(journal, 0)).containsExactlyElementsOf(old);
            assertThat(journal.append(jobOf(12), Shares.share(12))
                            .get(5, TimeUnit.SECONDS)
                            .sequence())
                    .isEqualTo(13);
            assertThat(events(journal, 11)).containsExactly("S:12", "J:job1", "S:13");
        }
    }

    @Test
    void aJobTooLargeForARecordIsRefusedAtAppendAndTheJournalGoesOn() throws Exception {
        JobRecord huge = JobRecord.of("job0", 1, Shares.BASE, "x".repeat(JobRecordCodec.MAX_PAYLOAD_BYTES));
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThatThrownBy(() -> journal.append(huge, Shares.share(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("job0");
            assertThatThrownBy(() -> journal.append(jobOf(10), Shares.share(0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("job1");
            appendWithJobs(journal, 0, 3);
            assertThat(journal.healthy()).isTrue();
            assertThat(events(journal, 0)).containsExactly("J:job0", "S:1", "S:2", "S:3");
        }
    }

    /**
     * The copier inserts each job before the shares on it (checked at every share insert against the real database),
     * and a copier that resumes after the store's last share, which had lost the later jobs and shares, stores them all
     * again exactly once.
     */
    @Test
    void theCopierStoresEachJobBeforeAnyShareOnItAndResumesWithTheJobsItLacks() throws Exception {
        Path db = dir.resolve("shares.sqlite");
        List<String> missingJobs = new CopyOnWriteArrayList<>();
        try (ShareJournal journal = ShareJournal.open(dir.resolve("journal"), 64 * 1024, ChannelOpener.FILES);
                SqliteShareStore real = SqliteShareStore.open(db)) {
            ShareStore store = checkingJobsBeforeShares(real, missingJobs);
            appendWithJobs(journal, 0, 1500);
            try (JournalCopier copier = new JournalCopier(journal, store)) {
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(30));
                appendWithJobs(journal, 1500, 2500);
                copier.awaitCaughtUp(Duration.ofSeconds(30));
            }
            assertThat(real.jobsAfter(0, 10_000)).hasSize(250);

            // The database lost everything after share 1234 (sequence), jobs included.
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                    var s = c.createStatement()) {
                s.execute("DELETE FROM accepted_share WHERE sequence > 1234");
                s.execute("DELETE FROM job WHERE job_id NOT IN (SELECT job_id FROM accepted_share)");
            }
            assertThat(real.jobsAfter(0, 10_000)).hasSize(124);
            try (JournalCopier copier = new JournalCopier(journal, store)) {
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(30));
            }
            assertThat(missingJobs).as("shares inserted before their job").isEmpty();
            assertThat(real.count()).isEqualTo(2500);
            assertThat(real.jobsAfter(0, 10_000))
                    .extracting(JobRecord::jobId)
                    .doesNotHaveDuplicates()
                    .hasSize(250);
            for (int i = 0; i < 2500; i += 10) {
                JobRecord stored = real.job(jobOf(i).jobId()).orElseThrow();
                assertThat(stored.json()).isEqualTo(jobOf(i).json());
                assertThat(stored.height()).isEqualTo(jobOf(i).height());
                assertThat(stored.created()).isEqualTo(jobOf(i).created());
            }
        }
    }

    /** The real store, with a check before each share insert that every share's job is already stored. */
    private static ShareStore checkingJobsBeforeShares(ShareStore real, List<String> missing) {
        return (ShareStore) Proxy.newProxyInstance(
                ShareStore.class.getClassLoader(), new Class<?>[] {ShareStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("insert")) {
                        @SuppressWarnings("unchecked")
                        List<AcceptedShare> shares = (List<AcceptedShare>) args[0];
                        for (AcceptedShare s : shares) {
                            if (real.job(s.jobId()).isEmpty()) {
                                missing.add(s.sequence() + ":" + s.jobId());
                            }
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
