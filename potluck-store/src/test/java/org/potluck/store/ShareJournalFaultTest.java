package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on a disk that fills up and frees again (simulated: root ignores chmod). */
class ShareJournalFaultTest {
    @TempDir
    Path dir;

    private final AtomicBoolean diskFull = new AtomicBoolean();
    private final ChannelOpener faulty =
            (file, options) -> new FaultyFileChannel(FileChannel.open(file, options), diskFull, new AtomicInteger());

    @Test
    void failedWriteFailsTheAppendAndTheJournalRecoversWhenSpaceReturns() throws Exception {
        Path segment = dir.resolve(ShareJournal.segmentName(1));
        try (ShareJournal journal = ShareJournal.open(dir, ShareJournal.DEFAULT_SEGMENT_BYTES, faulty)) {
            assertThat(journal.append(Shares.share(0)).get(5, TimeUnit.SECONDS).sequence())
                    .isEqualTo(1);
            assertThat(journal.healthy()).isTrue();
            assertThat(journal.lastError()).isNull();

            diskFull.set(true);
            CompletableFuture<AcceptedShare> refused = journal.append(Shares.share(1));
            assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(segment.toString())
                    .hasMessageContaining("No space left on device");
            assertThat(journal.healthy()).isFalse();
            assertThat(journal.lastError()).contains(segment.toString());
            assertThat(journal.lastSequence()).isEqualTo(1);

            // Still full: a retry fails too, and leaves no trace either.
            assertThat(journal.append(Shares.share(2))).failsWithin(5, TimeUnit.SECONDS);
            assertThat(journal.healthy()).isFalse();

            diskFull.set(false);
            AcceptedShare stored = journal.append(Shares.share(3)).get(5, TimeUnit.SECONDS);
            assertThat(stored.sequence())
                    .as("failed appends use up no sequence")
                    .isEqualTo(2);
            assertThat(journal.healthy()).isTrue();
            assertThat(journal.lastError()).as("kept for diagnosis").contains("No space left");
            assertThat(ShareJournalTest.replayAll(journal, 0))
                    .containsExactly(
                            Shares.share(0).withSequence(1), Shares.share(3).withSequence(2));
        }
        long expectedSize = 2L * ShareRecordCodec.FRAME_HEADER_BYTES
                + ShareRecordCodec.encodePayload(Shares.share(0)).length
                + ShareRecordCodec.encodePayload(Shares.share(3)).length;
        assertThat(Files.size(segment))
                .as("the half-written records were cut back")
                .isEqualTo(expectedSize);
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(ShareJournalTest.replayAll(reopened, 0))
                    .containsExactly(
                            Shares.share(0).withSequence(1), Shares.share(3).withSequence(2));
        }
    }

    @Test
    void failureWhileRollingKeepsTheRecordsForcedBeforeIt() throws Exception {
        AtomicBoolean failCreate = new AtomicBoolean();
        ChannelOpener creationFails = (file, options) -> {
            if (failCreate.get()) {
                throw new IOException("cannot create " + file + ": No space left on device");
            }
            return FileChannel.open(file, options);
        };
        try (ShareJournal journal = ShareJournal.open(dir, 2048, creationFails)) {
            ShareJournalTest.appendAll(journal, 0, 5);
            failCreate.set(true);
            List<CompletableFuture<AcceptedShare>> burst = java.util.stream.IntStream.range(5, 40)
                    .mapToObj(i -> journal.append(Shares.share(i)))
                    .toList();
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new))
                    .handle((v, e) -> null)
                    .get(5, TimeUnit.SECONDS);
            long succeeded =
                    burst.stream().filter(f -> !f.isCompletedExceptionally()).count();
            assertThat(succeeded)
                    .as("records that fit the full segment are stored")
                    .isPositive()
                    .isLessThan(35);
            assertThat(journal.lastSequence()).isEqualTo(5 + succeeded);
            assertThat(journal.healthy()).isFalse();

            failCreate.set(false);
            assertThat(journal.append(Shares.share(99)).get(5, TimeUnit.SECONDS).sequence())
                    .isEqualTo(6 + succeeded);
            assertThat(journal.healthy()).isTrue();
        }
        try (ShareJournal reopened = ShareJournal.open(dir, 2048, ChannelOpener.FILES)) {
            assertThat(ShareJournalTest.sequences(ShareJournalTest.replayAll(reopened, 0)))
                    .containsExactlyElementsOf(ShareJournalTest.range(1, reopened.lastSequence()));
        }
    }
}
