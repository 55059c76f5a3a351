package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules every {@link ShareStore} keeps. An implementation's test extends this and says how to open (and reopen)
 * its store and how to reach its database directly; {@link SqliteShareStoreTest} and {@link PostgresShareStoreTest}
 * run the same tests.
 */
abstract class ShareStoreContractTest {
    @TempDir
    Path dir;

    ShareStore store;

    /** Opens the store under test; called again after {@link ShareStore#close()} it must open the same data. */
    abstract ShareStore openStore(Path dir);

    /** A plain JDBC connection to the database {@code openStore(dir)} opens, to do what the store never would. */
    abstract Connection rawConnection(Path dir) throws SQLException;

    /** Brings the database {@code openStore(dir)} would open to an older schema version, as an older Potluck left it. */
    abstract void migrateOnlyTo(Path dir, String version);

    @BeforeEach
    void openIt() {
        store = openStore(dir);
    }

    @AfterEach
    void closeIt() {
        store.close();
    }

    static List<AcceptedShare> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> Shares.share(i).withSequence(i))
                .toList();
    }

    /** Stores keep time to the microsecond, everything else exactly. */
    static AcceptedShare asStored(AcceptedShare share) {
        return share.withTime(share.time().truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void anEmptyStoreHasNothing() {
        assertThat(store.lastSequence()).isZero();
        assertThat(store.count()).isZero();
        assertThat(store.sharesAfter(0, 10)).isEmpty();
        assertThat(store.recentBlocks(10)).isEmpty();
    }

    @Test
    void everyFieldRoundTripsIncludingNullsAndUnicode() {
        Instant time = Instant.parse("2025-01-02T03:04:05.987654Z");
        AcceptedShare full = Shares.full(1, time, Shares.FULL_FORMAT_2);
        AcceptedShare fullFormatOne = Shares.full(4, time, Shares.FULL_FORMAT_1);
        AcceptedShare sparse = new AcceptedShare(
                2,
                Instant.EPOCH,
                null,
                null,
                null,
                null,
                Double.MIN_VALUE,
                0.0,
                false,
                null,
                new ShareProof.Sv1Strings(null, null, null, null, null));
        AcceptedShare empty = new AcceptedShare(
                3,
                Instant.parse("2030-12-31T23:59:59.999999Z"),
                "",
                "",
                "",
                "",
                Double.MAX_VALUE,
                1e-300,
                false,
                "",
                new ShareProof.HeaderFields("", "", "", 0, 0, 0));
        store.insert(List.of(full, sparse, empty, fullFormatOne));
        assertThat(store.sharesAfter(0, 10)).containsExactly(full, sparse, empty, fullFormatOne);
    }

    @Test
    void timeIsKeptToTheMicrosecond() {
        AcceptedShare share = Shares.share(1).withSequence(1); // Shares.BASE has nanoseconds
        store.insert(List.of(share));
        assertThat(store.sharesAfter(0, 1).getFirst().time()).isEqualTo(Instant.parse("2025-06-01T12:00:00.160456Z"));
    }

    @Test
    void insertingTheSameSharesAgainChangesNothing() {
        store.insert(numbered(1, 10));
        store.insert(numbered(5, 15)); // the copier re-copies what it copied before a crash
        assertThat(store.count()).isEqualTo(15);
        assertThat(store.lastSequence()).isEqualTo(15);
        assertThat(store.sharesAfter(0, 100))
                .containsExactlyElementsOf(numbered(1, 15).stream()
                        .map(ShareStoreContractTest::asStored)
                        .toList());
    }

    @Test
    void aDifferentShareUnderAStoredSequenceIsRefusedAndNothingOfItsBatchIsStored() {
        store.insert(numbered(1, 10));
        List<AcceptedShare> batch = new ArrayList<>(numbered(11, 12));
        batch.add(Shares.share(99).withSequence(5));
        assertThatThrownBy(() -> store.insert(batch))
                .isInstanceOfSatisfying(
                        ShareConflictException.class,
                        e -> assertThat(e.sequence()).isEqualTo(5))
                .hasMessageContaining("different share under sequence 5");
        assertThat(store.count()).isEqualTo(10);
        assertThat(store.sharesAfter(4, 1))
                .containsExactly(asStored(Shares.share(5).withSequence(5)));
    }

    @Test
    void sharesAfterPagesInSequenceOrder() {
        store.insert(numbered(1, 30).reversed());
        assertThat(store.sharesAfter(10, 5))
                .extracting(AcceptedShare::sequence)
                .containsExactly(11L, 12L, 13L, 14L, 15L);
        assertThat(store.sharesAfter(28, 5)).extracting(AcceptedShare::sequence).containsExactly(29L, 30L);
        assertThat(store.sharesAfter(30, 5)).isEmpty();
    }

    @Test
    void recentBlocksAreOnlyBlockSharesNewestFirst() {
        store.insert(numbered(1, 40));
        List<Long> blocks = IntStream.rangeClosed(1, 40)
                .filter(i -> Shares.share(i).block())
                .mapToObj(i -> (long) i)
                .toList()
                .reversed();
        assertThat(blocks).hasSizeGreaterThan(3);
        assertThat(store.recentBlocks(100)).extracting(AcceptedShare::sequence).containsExactlyElementsOf(blocks);
        assertThat(store.recentBlocks(2))
                .extracting(AcceptedShare::sequence)
                .containsExactlyElementsOf(blocks.subList(0, 2));
        assertThat(store.recentBlocks(100)).allMatch(s -> s.block() && s.blockHash() != null);
    }

    @Test
    void dataSurvivesReopening() {
        store.insert(numbered(1, 20));
        store.close();
        store = openStore(dir);
        assertThat(store.count()).isEqualTo(20);
        assertThat(store.lastSequence()).isEqualTo(20);
    }

    @Test
    void aShareWithoutAJournalSequenceIsRefused() {
        assertThatThrownBy(() -> store.insert(List.of(Shares.share(1).withSequence(2), Shares.share(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a journal sequence");
        assertThat(store.count()).as("nothing of a refused batch is stored").isZero();
    }

    @Test
    void aLargeBatchIsStoredInOneGo() {
        store.insert(numbered(1, 20_000));
        assertThat(store.count()).isEqualTo(20_000);
        assertThat(store.lastSequence()).isEqualTo(20_000);
    }

    @Test
    void sharesDescendingPagesNewestFirstFromTheGivenSequenceDown() {
        store.insert(numbered(1, 30).reversed());
        assertThat(store.sharesDescending(30, 3))
                .extracting(AcceptedShare::sequence)
                .containsExactly(30L, 29L, 28L);
        assertThat(store.sharesDescending(12, 4))
                .extracting(AcceptedShare::sequence)
                .containsExactly(12L, 11L, 10L, 9L);
        assertThat(store.sharesDescending(2, 10))
                .extracting(AcceptedShare::sequence)
                .containsExactly(2L, 1L);
        assertThat(store.sharesDescending(0, 10)).isEmpty();
        assertThat(store.sharesDescending(1_000, 1))
                .containsExactly(asStored(Shares.share(30).withSequence(30)));
    }

    @Test
    void sharesDescendingPagesTogetherCoverEveryShareOnce() {
        store.insert(numbered(1, 95));
        List<Long> seen = new ArrayList<>();
        long below = store.lastSequence();
        List<AcceptedShare> page;
        while (!(page = store.sharesDescending(below, 10)).isEmpty()) {
            page.forEach(s -> seen.add(s.sequence()));
            below = page.getLast().sequence() - 1;
        }
        assertThat(seen).containsExactlyElementsOf(ShareJournalTest.range(1, 95).reversed());
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> store.sharesAfter(0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> store.sharesDescending(10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.jobsAfter(0, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
    }

    static JobRecord job(int i) {
        return JobRecord.of(
                "job-" + Integer.toHexString(i),
                800_000 + i / 3,
                Shares.BASE.plusSeconds(i * 30L),
                "{\"prevhash\": \"%064x\", \"n\": %d, \"note\": \"ä €\"}".formatted(i, i));
    }

    @Test
    void jobsGetAscendingCursorsInInsertOrderAndKeepTheirJsonExactly() {
        for (int i = 0; i < 5; i++) {
            store.insertJob(job(i));
        }
        List<JobRecord> jobs = store.jobsAfter(0, 100);
        assertThat(jobs).extracting(JobRecord::jobId).containsExactly("job-0", "job-1", "job-2", "job-3", "job-4");
        assertThat(jobs)
                .extracting(JobRecord::cursor)
                .isSorted()
                .doesNotHaveDuplicates()
                .allMatch(c -> c > 0);
        JobRecord third = jobs.get(2);
        assertThat(third.json()).isEqualTo(job(2).json());
        assertThat(third.height()).isEqualTo(800_000);
        assertThat(third.created()).isEqualTo(job(2).created().truncatedTo(ChronoUnit.MICROS));
        assertThat(store.job("job-2")).contains(third);
        assertThat(store.job("job-99")).isEmpty();
    }

    @Test
    void jobsAfterResumesFromACursor() {
        for (int i = 0; i < 10; i++) {
            store.insertJob(job(i));
        }
        List<JobRecord> all = store.jobsAfter(0, 100);
        assertThat(store.jobsAfter(all.get(3).cursor(), 2)).containsExactly(all.get(4), all.get(5));
        assertThat(store.jobsAfter(all.getLast().cursor(), 10)).isEmpty();
    }

    @Test
    void insertingAJobIdAgainChangesNothing() {
        store.insertJob(job(1));
        store.insertJob(JobRecord.of("job-1", 1, Instant.EPOCH, "{\"forged\": true}"));
        store.insertJob(job(2));
        assertThat(store.jobsAfter(0, 10)).extracting(JobRecord::jobId).containsExactly("job-1", "job-2");
        assertThat(store.job("job-1").orElseThrow().json()).isEqualTo(job(1).json());
    }

    @Test
    void jobsSurviveReopening() {
        store.insertJob(job(7));
        JobRecord stored = store.job("job-7").orElseThrow();
        store.close();
        store = openStore(dir);
        assertThat(store.job("job-7")).contains(stored);
        store.insertJob(job(8));
        assertThat(store.job("job-8").orElseThrow().cursor())
                .as("cursors keep rising after a restart")
                .isGreaterThan(stored.cursor());
    }

    static BlockRecord block(int height, String hash, boolean accepted) {
        return new BlockRecord(
                height,
                hash,
                "job-" + height,
                1000L + height,
                "bc1qfinder" + height,
                accepted,
                Instant.parse("2025-06-01T12:00:00.123456789Z").plusSeconds(height),
                "{\"reward\": 312500000}");
    }

    @Test
    void blocksComeBackByHeightWithEveryField() {
        BlockRecord high = block(102, "00".repeat(31) + "02", true);
        BlockRecord low = block(101, "00".repeat(31) + "01", true);
        BlockRecord sparse = new BlockRecord(103, "00".repeat(31) + "03", null, 0, null, false, Instant.EPOCH, "{}");
        store.insertBlock(high);
        store.insertBlock(sparse);
        store.insertBlock(low);
        BlockRecord lowAsStored = new BlockRecord(
                101,
                low.blockHash(),
                "job-101",
                1101,
                "bc1qfinder101",
                true,
                Instant.parse("2025-06-01T12:01:41.123456Z"),
                "{\"reward\": 312500000}");
        assertThat(store.blocks()).hasSize(3).first().isEqualTo(lowAsStored);
        assertThat(store.blocks()).extracting(BlockRecord::height).containsExactly(101, 102, 103);
        assertThat(store.blocks().getLast()).isEqualTo(sparse);
    }

    @Test
    void insertingABlockHashAgainChangesNothing() {
        BlockRecord found = block(5, "ab".repeat(32), true);
        store.insertBlock(found);
        store.insertBlock(new BlockRecord(6, found.blockHash(), "other", 9, "bc1qother", false, Instant.EPOCH, "{}"));
        assertThat(store.blocks())
                .extracting(BlockRecord::height, BlockRecord::finderAddress, BlockRecord::accepted)
                .containsExactly(tuple(5, "bc1qfinder5", true));
    }

    @Test
    void markBlockChangesOnlyThatBlocksAcceptance() {
        store.insertBlock(block(1, "01".repeat(32), true));
        store.insertBlock(block(2, "02".repeat(32), true));
        store.markBlock("02".repeat(32), false);
        assertThat(store.blocks()).extracting(BlockRecord::accepted).containsExactly(true, false);
        store.markBlock("02".repeat(32), true);
        assertThat(store.blocks()).extracting(BlockRecord::accepted).containsExactly(true, true);
    }

    @Test
    void aBlocksStatusIsStoredAndChangesOnlyThatBlock() {
        store.insertBlock(block(1, "01".repeat(32), true));
        store.insertBlock(block(2, "02".repeat(32), false));
        store.insertBlock(block(3, "03".repeat(32), true).withStatus("in_chain"));
        assertThat(store.blocks()).extracting(BlockRecord::status).containsExactly("pending", "rejected", "in_chain");

        store.markBlockStatus("03".repeat(32), "orphaned");

        assertThat(store.blocks())
                .extracting(BlockRecord::status, BlockRecord::accepted)
                .containsExactly(tuple("pending", true), tuple("rejected", false), tuple("orphaned", true));
        assertThatThrownBy(() -> store.markBlockStatus("ff".repeat(32), "orphaned"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such block");
    }

    @Test
    void markingAnUnknownBlockIsRefused() {
        assertThatThrownBy(() -> store.markBlock("ff".repeat(32), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ff".repeat(32))
                .hasMessageContaining("no such block");
    }

    @Test
    void settingsAreReplacedNotDuplicated() {
        assertThat(store.settings()).isEmpty();
        store.putSetting("hd.next_index", "0");
        store.putSetting("operator.note", "Grüße, 矿池");
        store.putSetting("hd.next_index", "1");
        assertThat(store.settings())
                .containsExactly(Map.entry("hd.next_index", "1"), Map.entry("operator.note", "Grüße, 矿池"));
        store.close();
        store = openStore(dir);
        assertThat(store.settings()).containsEntry("hd.next_index", "1").hasSize(2);
    }

    @Test
    void aSettingWithoutKeyOrValueIsRefused() {
        assertThatThrownBy(() -> store.putSetting(" ", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> store.putSetting("k", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThat(store.settings()).isEmpty();
    }

    @Test
    void difficultyAssignmentsGetAscendingSequencesAndKeepEveryFieldExactly() {
        DifficultyAssignment odd = DifficultyAssignment.of(
                Instant.parse("2025-01-02T03:04:05.987654321Z"),
                "0a0b0c0d",
                840_000,
                "job-7f",
                Math.scalb(1.0, -24) * 3.3);
        DifficultyAssignment tiny = DifficultyAssignment.of(Instant.EPOCH, "ffffffff", 0, "j", Double.MIN_VALUE);
        store.insertDifficulties(List.of(odd, tiny));
        store.insertDifficulties(List.of(DifficultyAssignment.of(Instant.EPOCH, "01", 1, "j2", 1e12)));

        List<DifficultyAssignment> stored = store.difficultiesAfter(0, 10);

        assertThat(stored)
                .extracting(DifficultyAssignment::sequence)
                .isSorted()
                .doesNotHaveDuplicates()
                .allSatisfy(sequence -> assertThat(sequence).isPositive());
        assertThat(stored.get(0))
                .isEqualTo(new DifficultyAssignment(
                        stored.get(0).sequence(),
                        odd.time().truncatedTo(ChronoUnit.MICROS),
                        "0a0b0c0d",
                        840_000,
                        "job-7f",
                        odd.difficulty()));
        assertThat(stored.get(1).difficulty()).isEqualTo(Double.MIN_VALUE);
        assertThat(stored.get(2).jobId()).isEqualTo("j2");
        assertThat(store.difficultiesAfter(stored.get(0).sequence(), 1)).containsExactly(stored.get(1));
        store.close();
        store = openStore(dir);
        assertThat(store.difficultiesAfter(0, 10)).isEqualTo(stored);
    }

    @Test
    void concurrentWritersAndReadersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int first = t * 1000 + 1;
                work.add(pool.submit(() -> {
                    for (int from = first; from < first + 1000; from += 100) {
                        store.insert(numbered(from, from + 99));
                        store.insertJob(job(from));
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    assertThat(store.sharesAfter(0, 10_000))
                            .extracting(AcceptedShare::sequence)
                            .doesNotHaveDuplicates();
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.count()).isEqualTo(3000);
        assertThat(store.jobsAfter(0, 100)).hasSize(30);
    }

    @Test
    void theJournalCopierResumesFromWhereTheStoreEnds() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir.resolve("journal"), 64 * 1024, ChannelOpener.FILES)) {
            ShareJournalTest.appendAll(journal, 0, 1500);
            try (JournalCopier copier = new JournalCopier(journal, store)) {
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(20));
            }
            // The store lost its last rows (as SQLite's synchronous=NORMAL or a restored backup may) while the journal
            // grew.
            execute("DELETE FROM accepted_share WHERE sequence > 1300");
            ShareJournalTest.appendAll(journal, 1500, 4000);
            try (JournalCopier copier = new JournalCopier(journal, store)) {
                assertThat(store.lastSequence()).isEqualTo(1300);
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(20));
            }
            assertThat(store.count()).isEqualTo(journal.lastSequence()).isEqualTo(4000);
            assertThat(store.sharesAfter(0, 10_000))
                    .containsExactlyElementsOf(ShareJournalTest.replayAll(journal, 0).stream()
                            .map(ShareStoreContractTest::asStored)
                            .toList());
        }
    }

    @Test
    void sharesAppendedAfterTheJournalLostItsTailReachTheDatabaseWithFreshSequences() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (ShareJournal journal = ShareJournal.open(journalDir);
                JournalCopier copier = new JournalCopier(journal, store)) {
            ShareJournalTest.appendAll(journal, 0, 65);
            copier.start();
            copier.awaitCaughtUp(Duration.ofSeconds(20));
        }
        // The database holds 1-65; the journal's last complete record is now 58.
        ShareJournalTest.cutTailAfter(journalDir, 58);
        List<AcceptedShare> acknowledged = new ArrayList<>();
        try (ShareJournal journal = ShareJournal.open(journalDir, store.lastSequence());
                JournalCopier copier = new JournalCopier(journal, store)) {
            copier.start();
            for (int i = 100; i < 107; i++) {
                acknowledged.add(journal.append(Shares.share(i)).get(10, java.util.concurrent.TimeUnit.SECONDS));
            }
            copier.awaitCaughtUp(Duration.ofSeconds(20));
            assertThat(copier.healthy()).isTrue();
        }
        assertThat(acknowledged)
                .extracting(AcceptedShare::sequence)
                .containsExactlyElementsOf(ShareJournalTest.range(66, 72));
        assertThat(store.sharesAfter(65, 100))
                .containsExactlyElementsOf(acknowledged.stream()
                        .map(ShareStoreContractTest::asStored)
                        .toList());
        assertThat(store.count()).isEqualTo(72);
    }

    @Test
    void migrationToRecordFormatTwoKeepsFormatOneRowsAndStoresBothFormats() throws Exception {
        store.close();
        Path old = dir.resolve("before-format-2");
        migrateOnlyTo(old, "5");
        // A row as the Potluck before format 2 wrote it: its Stratum v1 strings and no format column yet.
        try (Connection c = rawConnection(old);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO accepted_share (sequence, time_us, address, worker, user_agent, job_id, difficulty, "
                    + "hash_difficulty, block, block_hash, extranonce1, extranonce2, ntime, nonce, version_bits) VALUES (1, "
                    + "1748779200123456, 'bc1qold', 'rig', 'ua', 'j1', 512.0, 1024.5, " + booleanLiteral(false)
                    + ", NULL, "
                    + "'0a0b0c0d', '00000000000000ff', '6650a1b2', 'deadbeef', '1fffe000')");
        }
        store = openStore(old);
        AcceptedShare before = new AcceptedShare(
                1,
                Instant.parse("2025-06-01T12:00:00.123456Z"),
                "bc1qold",
                "rig",
                "ua",
                "j1",
                512.0,
                1024.5,
                false,
                null,
                new ShareProof.Sv1Strings("0a0b0c0d", "00000000000000ff", "6650a1b2", "deadbeef", "1fffe000"));
        assertThat(store.sharesAfter(0, 10)).containsExactly(before);
        AcceptedShare after = Shares.share(2).withSequence(2);
        assertThat(after.proof().format()).isEqualTo(2);
        store.insert(List.of(before, after)); // the copier re-copying the old row changes nothing
        assertThat(store.sharesAfter(0, 10)).containsExactly(before, asStored(after));
        try (Connection c = rawConnection(old);
                Statement s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT sequence, format, extranonce1, channel, header_nonce FROM accepted_share "
                                + "ORDER BY sequence")) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(java.util.Arrays.asList(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5) == null ? null : rs.getLong(5)));
            }
            ShareProof.HeaderFields proof = (ShareProof.HeaderFields) after.proof();
            assertThat(rows)
                    .containsExactly(
                            java.util.Arrays.asList(1L, 1, "0a0b0c0d", null, null),
                            java.util.Arrays.asList(
                                    2L, 2, null, proof.channel(), Integer.toUnsignedLong(proof.nonce())));
        }
    }

    /** How the database under test writes a boolean in SQL. */
    abstract String booleanLiteral(boolean value);

    @Test
    void aDatabaseMigratedByANewerPotluckIsRefused() throws Exception {
        store.close();
        execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, "
                + "'test', 0, TRUE)");
        assertThatThrownBy(() -> openStore(dir))
                .isInstanceOf(ShareStoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer than this Potluck understands (");
        store = openStore(dir.resolve("other")); // for the @AfterEach close
    }

    void execute(String sql) throws SQLException {
        try (Connection c = rawConnection(dir);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
