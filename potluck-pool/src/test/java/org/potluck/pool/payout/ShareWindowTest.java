package org.potluck.pool.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.store.AcceptedShare;
import org.potluck.store.JournalCopier;
import org.potluck.store.ShareJournal;
import org.potluck.store.ShareLogFollower;
import org.potluck.store.ShareProof;
import org.potluck.store.SqliteShareStore;

/** The PPLNS window reads the journal's ordered share stream: every share up to its end, no hole, nothing twice. */
class ShareWindowTest {
    @TempDir
    Path dir;

    @Test
    void theWindowContinuesTheDatabaseWithTheShareStreamWhileManyThreadsAppend() throws Exception {
        int stored = 300;
        int threads = 6;
        int perThread = 400;
        try (SqliteShareStore store = SqliteShareStore.open(dir.resolve("shares.db"))) {
            // A pool that ran before: its shares are in the database.
            try (ShareJournal before = ShareJournal.open(dir.resolve("journal"));
                    JournalCopier copier = new JournalCopier(before, store)) {
                appendConcurrently(before, 1, stored);
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(30));
            }
            // Restarted as Pool.start does it: the window starts at the database's end and follows the stream.
            try (ShareJournal journal = ShareJournal.open(dir.resolve("journal"), store.lastSequence())) {
                var window = new ShareWindow(store);
                assertThat(window.end()).isEqualTo(stored);
                try (var follower = ShareLogFollower.start(journal, window.end(), 1_000, "window", window::add)) {
                    appendConcurrently(journal, threads, perThread);
                    long total = stored + (long) threads * perThread;
                    await().atMost(Duration.ofSeconds(30)).until(() -> window.end() == total);

                    ShareWindow.Snapshot snapshot = window.snapshot(Double.MAX_VALUE);
                    assertThat(snapshot.endSequence()).isEqualTo(total);
                    assertThat(snapshot.newestFirst())
                            .extracting(ShareWindow.Entry::sequence)
                            .containsExactlyElementsOf(LongStream.iterate(total, s -> s >= 1, s -> s - 1)
                                    .boxed()
                                    .toList());
                    assertThat(follower.position()).isEqualTo(total);
                }
            }
        }
    }

    @Test
    void aShareThatWouldLeaveAHoleIsRefusedAndTheWindowKeepsItsEnd() {
        try (SqliteShareStore store = SqliteShareStore.open(dir.resolve("shares.db"))) {
            var window = new ShareWindow(store);
            window.add(List.of(share(1), share(2)));

            assertThatThrownBy(() -> window.add(List.of(share(4))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("share 4 cannot follow share 2");
            window.add(List.of(share(2), share(3))); // a share the window has is passed over, not counted twice

            ShareWindow.Snapshot snapshot = window.snapshot(Double.MAX_VALUE);
            assertThat(snapshot.endSequence()).isEqualTo(3);
            assertThat(snapshot.newestFirst())
                    .extracting(ShareWindow.Entry::sequence)
                    .containsExactly(3L, 2L, 1L);
        }
    }

    private static AcceptedShare share(long sequence) {
        return new AcceptedShare(
                sequence,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence),
                "bcrt1qwindow" + sequence % 3,
                "rig",
                null,
                "j1",
                1.0 + sequence,
                2.0,
                false,
                null,
                new ShareProof.HeaderFields("sv1", "00000000", "000000000000000000000000", 0x20000000, 0, 0));
    }

    private static void appendConcurrently(ShareJournal journal, int threads, int perThread) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        futures.add(journal.append(share(0)));
                    }
                    for (CompletableFuture<AcceptedShare> f : futures) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }
}
