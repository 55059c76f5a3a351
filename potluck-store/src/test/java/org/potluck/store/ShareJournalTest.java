package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareJournalTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldRoundTripsIncludingNullsAndUnicode() throws Exception {
        Instant time = Instant.parse("2025-01-02T03:04:05.987654321Z");
        AcceptedShare full = Shares.full(0, time, Shares.FULL_FORMAT_2);
        AcceptedShare fullFormatOne = Shares.full(0, time, Shares.FULL_FORMAT_1);
        AcceptedShare sparse = new AcceptedShare(
                0,
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
                0,
                Instant.ofEpochSecond(1, 1),
                "",
                "",
                "",
                "",
                Double.MAX_VALUE,
                1e-300,
                false,
                "",
                new ShareProof.HeaderFields("", "", "", 0, 0, 0));
        List<AcceptedShare> acknowledged = new ArrayList<>();
        try (ShareJournal journal = ShareJournal.open(dir)) {
            for (AcceptedShare s : List.of(full, fullFormatOne, sparse, empty)) {
                acknowledged.add(journal.append(s).get(5, TimeUnit.SECONDS));
            }
        }
        assertThat(acknowledged)
                .containsExactly(
                        full.withSequence(1),
                        fullFormatOne.withSequence(2),
                        sparse.withSequence(3),
                        empty.withSequence(4));
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(replayAll(reopened, 0)).containsExactlyElementsOf(acknowledged);
        }
    }

    @Test
    void numberingContinuesAfterReopenAndReplayReturnsExactlyTheRest() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 25);
        }
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThat(journal.lastSequence()).isEqualTo(25);
            assertThat(journal.append(Shares.share(25)).get().sequence()).isEqualTo(26);
            assertThat(sequences(replayAll(journal, 10))).containsExactlyElementsOf(range(11, 26));
            assertThat(replayAll(journal, 26)).isEmpty();
            assertThat(replayAll(journal, 1000)).isEmpty();
            assertThat(replayAll(journal, 0).get(25)).isEqualTo(Shares.share(25).withSequence(26));
        }
    }

    @Test
    void segmentsRollAndReplayCrossesThem() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir, 4096, ChannelOpener.FILES)) {
            appendAll(journal, 0, 100);
        }
        List<Path> segments;
        try (var files = Files.list(dir)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".journal"))
                    .sorted()
                    .toList();
        }
        assertThat(segments).hasSizeGreaterThan(3);
        assertThat(segments.getFirst().getFileName()).hasToString("shares-00000000000000000001.journal");
        for (Path segment : segments) {
            assertThat(Files.size(segment)).isLessThanOrEqualTo(4096);
        }
        try (ShareJournal journal = ShareJournal.open(dir, 4096, ChannelOpener.FILES)) {
            assertThat(journal.lastSequence()).isEqualTo(100);
            assertThat(sequences(replayAll(journal, 37))).containsExactlyElementsOf(range(38, 100));
            assertThat(journal.append(Shares.share(100)).get().sequence()).isEqualTo(101);
        }
    }

    @Test
    void tornTailInsideTheLastRecordIsCutAndNumberingContinues() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 10);
        }
        Path segment = dir.resolve(ShareJournal.segmentName(1));
        long size = Files.size(segment);
        int lastRecordBytes =
                ShareRecordCodec.FRAME_HEADER_BYTES + ShareRecordCodec.encodePayload(Shares.share(9)).length;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - lastRecordBytes / 2);
        }
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThat(journal.lastSequence()).isEqualTo(9);
            assertThat(Files.size(segment)).isEqualTo(size - lastRecordBytes);
            assertThat(journal.append(Shares.share(42)).get().sequence()).isEqualTo(10);
            List<AcceptedShare> all = replayAll(journal, 0);
            assertThat(sequences(all)).containsExactlyElementsOf(range(1, 10));
            assertThat(all.getLast()).isEqualTo(Shares.share(42).withSequence(10));
        }
    }

    @Test
    void garbageAfterTheLastRecordIsCutAsATornTail() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 10);
        }
        Path segment = dir.resolve(ShareJournal.segmentName(1));
        long size = Files.size(segment);
        byte[] garbage = new byte[3000];
        new Random(7).nextBytes(garbage);
        // A plausible length so the reader must check the CRC rather than reject the length.
        ByteBuffer.wrap(garbage).putInt(0, 200);
        Files.write(segment, garbage, StandardOpenOption.APPEND);
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThat(journal.lastSequence()).isEqualTo(10);
            assertThat(Files.size(segment)).isEqualTo(size);
            assertThat(journal.append(Shares.share(10)).get().sequence()).isEqualTo(11);
            assertThat(sequences(replayAll(journal, 0))).containsExactlyElementsOf(range(1, 11));
        }
    }

    @Test
    void zeroFilledTailIsCutAsATornTail() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 3);
        }
        Path segment = dir.resolve(ShareJournal.segmentName(1));
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThat(journal.lastSequence()).isEqualTo(3);
        }
    }

    @Test
    void aJournalBehindTheDatabaseNumbersOnAfterTheDatabaseAndRecordsTheGap() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 65);
        }
        cutTailAfter(dir, 58);
        List<AcceptedShare> added = new ArrayList<>();
        try (ShareJournal journal = ShareJournal.open(dir, 65)) {
            assertThat(journal.lastSequence()).isEqualTo(65);
            for (int i = 100; i < 107; i++) {
                added.add(journal.append(Shares.share(i)).get(10, TimeUnit.SECONDS));
            }
        }
        assertThat(sequences(added)).containsExactlyElementsOf(range(66, 72));
        assertThat(Files.readString(dir.resolve(ShareJournal.gapName(66))))
                .contains("Sequences 59 to 65 are not in this journal");
        // A later open needs no database to accept the recorded gap, and replay passes over it.
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(reopened.lastSequence()).isEqualTo(72);
            List<Long> expected = new ArrayList<>(range(1, 58));
            expected.addAll(range(66, 72));
            assertThat(sequences(replayAll(reopened, 0))).containsExactlyElementsOf(expected);
            assertThat(replayAll(reopened, 60)).containsExactlyElementsOf(added);
            assertThat(replayAll(reopened, 65)).containsExactlyElementsOf(added);
            assertThat(reopened.append(Shares.share(200))
                            .get(10, TimeUnit.SECONDS)
                            .sequence())
                    .isEqualTo(73);
        }
    }

    @Test
    void aDatabaseAheadOfAnEmptyJournalStartsItsNumberingAfterTheDatabase() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir, 1000)) {
            assertThat(journal.append(Shares.share(0)).get(10, TimeUnit.SECONDS).sequence())
                    .isEqualTo(1001);
            assertThat(sequences(replayAll(journal, 0))).containsExactly(1001L);
        }
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(reopened.lastSequence()).isEqualTo(1001);
        }
    }

    @Test
    void aDatabaseNotAheadOfTheJournalChangesNothing() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 25);
        }
        try (ShareJournal journal = ShareJournal.open(dir, 20)) {
            assertThat(journal.append(Shares.share(25))
                            .get(10, TimeUnit.SECONDS)
                            .sequence())
                    .isEqualTo(26);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("gap-"));
        }
    }

    @Test
    void aGapBetweenSegmentsThatNoGapFileRecordsRefusesToOpen() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 65);
        }
        cutTailAfter(dir, 58);
        try (ShareJournal journal = ShareJournal.open(dir, 65)) {
            appendAll(journal, 100, 107);
        }
        Files.delete(dir.resolve(ShareJournal.gapName(66)));
        assertThatThrownBy(() -> ShareJournal.open(dir))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("segment starts at sequence 66 but the records before it end at 58");
    }

    @Test
    void crcMismatchInTheMiddleOfASegmentRefusesToOpenAndNamesTheSpot() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 10);
        }
        Path segment = dir.resolve(ShareJournal.segmentName(1));
        long fifthRecord = offsetOfRecord(4);
        flipByte(segment, fifthRecord + 40);
        assertThatThrownBy(() -> ShareJournal.open(dir))
                .isInstanceOfSatisfying(JournalCorruptedException.class, e -> {
                    assertThat(e.file()).isEqualTo(segment);
                    assertThat(e.offset()).isEqualTo(fifthRecord);
                })
                .hasMessageContaining("CRC32C mismatch")
                .hasMessageContaining("not a torn tail");
        // Refusing to open must not have changed the file: an operator can still rescue records 1-4 and 6-10.
        assertThat(Files.size(segment)).isEqualTo(offsetOfRecord(10));
    }

    @Test
    void damageInAnEarlierSegmentRefusesToOpen() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir, 2048, ChannelOpener.FILES)) {
            appendAll(journal, 0, 40);
        }
        Path first = dir.resolve(ShareJournal.segmentName(1));
        try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 5);
        }
        assertThatThrownBy(() -> ShareJournal.open(dir, 2048, ChannelOpener.FILES))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining("incomplete record");
    }

    @Test
    void damageAppearingAfterOpenStopsReplayThereWithAClearError() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 10);
            Path segment = dir.resolve(ShareJournal.segmentName(1));
            flipByte(segment, offsetOfRecord(6) + 30);
            List<AcceptedShare> delivered = new ArrayList<>();
            assertThatThrownBy(() -> journal.replay(0, delivered::add))
                    .isInstanceOf(JournalCorruptedException.class)
                    .hasMessageContaining("byte offset " + offsetOfRecord(6))
                    .hasMessageContaining("CRC32C mismatch");
            assertThat(sequences(delivered)).containsExactlyElementsOf(range(1, 6));
        }
    }

    @Test
    void concurrentAppendsShareForces() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        ChannelOpener counting =
                (file, options) -> new FaultyFileChannel(FileChannel.open(file, options), new AtomicBoolean(), forces);
        int appends = 20_000;
        long started = System.nanoTime();
        try (ShareJournal journal = ShareJournal.open(dir, ShareJournal.DEFAULT_SEGMENT_BYTES, counting)) {
            List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
            for (int i = 0; i < appends; i++) {
                futures.add(journal.append(Shares.share(i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf(
                    "%d appends in %.3f s (%.0f/s) with %d forces%n",
                    appends, seconds, appends / seconds, forces.get());
            assertThat(futures.stream().mapToLong(f -> f.join().sequence()).toArray())
                    .containsExactly(LongStream.rangeClosed(1, appends).toArray());
        }
        assertThat(forces.get()).isLessThan(appends / 20);
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            assertThatThrownBy(() -> ShareJournal.open(dir))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already open");
        }
        ShareJournal.open(dir).close(); // the lock is released on close
    }

    @Test
    void closeWritesEveryQueuedAppendAndLaterAppendsFail() throws Exception {
        List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
        ShareJournal journal = ShareJournal.open(dir);
        for (int i = 0; i < 500; i++) {
            futures.add(journal.append(Shares.share(i)));
        }
        journal.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThatThrownBy(() -> journal.append(Shares.share(1)).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(reopened.lastSequence()).isEqualTo(500);
        }
    }

    @Test
    void sharesWithUnusableDifficultyAreRefused() {
        assertThatThrownBy(() -> Shares.share(1).withSequence(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcceptedShare(
                        0, Instant.EPOCH, "a", "w", "ua", "j", Double.NaN, 1, false, null, Shares.formatTwo(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    /**
     * Leaves a journal of one segment whose tail was cut in the middle of a record: the last complete record is
     * {@code keptRecords}, as a torn write or a truncated copy of the journal leaves it.
     */
    static void cutTailAfter(Path journalDir, int keptRecords) throws IOException {
        try (FileChannel ch =
                FileChannel.open(journalDir.resolve(ShareJournal.segmentName(1)), StandardOpenOption.WRITE)) {
            ch.truncate(offsetOfRecord(keptRecords) + 10);
        }
    }

    static void appendAll(ShareJournal journal, int from, int to) throws Exception {
        List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(journal.append(Shares.share(i)));
        }
        for (CompletableFuture<AcceptedShare> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
    }

    static List<AcceptedShare> replayAll(ShareJournal journal, long after) throws IOException {
        List<AcceptedShare> out = new ArrayList<>();
        journal.replay(after, out::add);
        return out;
    }

    static List<Long> sequences(List<AcceptedShare> shares) {
        return shares.stream().map(AcceptedShare::sequence).toList();
    }

    static List<Long> range(long firstInclusive, long lastInclusive) {
        return LongStream.rangeClosed(firstInclusive, lastInclusive).boxed().toList();
    }

    /** Where the record of {@code Shares.share(index)} starts when shares 0.. were appended to a fresh journal. */
    static long offsetOfRecord(int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += ShareRecordCodec.FRAME_HEADER_BYTES + ShareRecordCodec.encodePayload(Shares.share(i)).length;
        }
        return offset;
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            b.rewind();
            ch.write(b, offset);
        }
    }
}
