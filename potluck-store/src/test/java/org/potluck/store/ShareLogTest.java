package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.potluck.store.ShareJournalTest.appendAll;
import static org.potluck.store.ShareJournalTest.cutTailAfter;
import static org.potluck.store.ShareJournalTest.range;
import static org.potluck.store.ShareJournalTest.sequences;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's ordered share stream: every durable share exactly once, in sequence order, with no hole, to each
 * follower, however the appends interleave, wherever the follower starts, however slowly it reads.
 */
class ShareLogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void followersGetEveryShareOnceInSequenceOrderWhileManyThreadsAppend() throws Exception {
        int threads = 8;
        int perThread = 1_500;
        try (ShareJournal journal = ShareJournal.open(dir, 64 * 1024, ChannelOpener.FILES)) {
            List<AcceptedShare> pushed = Collections.synchronizedList(new ArrayList<>());
            try (ShareLogCursor pulled = journal.follow(0, 100_000);
                    ShareLogFollower follower = ShareLogFollower.start(journal, 0, 100_000, "test", pushed::addAll)) {
                List<AcceptedShare> acknowledged = appendConcurrently(journal, threads, perThread);
                int total = threads * perThread;

                List<AcceptedShare> read = readUpTo(pulled, total);
                await().atMost(WAIT).until(() -> pushed.size() >= total);

                acknowledged.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
                assertThat(sequences(read)).containsExactlyElementsOf(range(1, total));
                assertThat(read).containsExactlyElementsOf(acknowledged);
                assertThat(pushed).containsExactlyElementsOf(acknowledged);
                assertThat(follower.position()).isEqualTo(total);
            }
        }
    }

    @Test
    void aLateFollowerResumesAtAnySequenceFromTheFilesThenLiveWithNoGapOrRepeatAtTheSeam() throws Exception {
        // Small segments: the files' part of the stream crosses several of them.
        try (ShareJournal journal = ShareJournal.open(dir, 4096, ChannelOpener.FILES)) {
            appendAll(journal, 0, 200);
            for (long after : new long[] {0, 1, 37, 99, 199, 200}) {
                long before = journal.lastSequence();
                try (ShareLogCursor cursor = journal.follow(after, 10_000)) {
                    // Appends run while the follower reads the files, so live batches arrive around the seam.
                    CompletableFuture<Void> more = CompletableFuture.runAsync(() -> appendQuietly(journal, 50));
                    List<AcceptedShare> read = new ArrayList<>(cursor.next(WAIT));
                    more.get(30, TimeUnit.SECONDS);
                    read.addAll(readUpTo(cursor, before + 50 - after - read.size()));
                    assertThat(sequences(read))
                            .as("following after %d", after)
                            .containsExactlyElementsOf(range(after + 1, before + 50));
                    assertThat(cursor.next(Duration.ofMillis(50)))
                            .as("nothing beyond the end")
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void aFollowerThatStopsReadingDoesNotHoldUpAppendsAndLaterCatchesUpFromTheFiles() throws Exception {
        int capacity = 100;
        int appends = 5_000;
        CountDownLatch consumerStuck = new CountDownLatch(1);
        AtomicInteger pushed = new AtomicInteger();
        try (ShareJournal journal = ShareJournal.open(dir, 64 * 1024, ChannelOpener.FILES);
                ShareLogCursor idle = journal.follow(0, capacity);
                ShareLogFollower blocked = ShareLogFollower.start(journal, 0, capacity, "blocked", batch -> {
                    awaitQuietly(consumerStuck);
                    pushed.addAndGet(batch.size());
                })) {
            long started = System.nanoTime();
            int maxQueued = 0;
            List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
            for (int i = 0; i < appends; i++) {
                futures.add(journal.append(Shares.share(i)));
                if (i % 100 == 99) {
                    futures.getLast().get(30, TimeUnit.SECONDS);
                    maxQueued = Math.max(maxQueued, idle.queued());
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long appendNanos = System.nanoTime() - started;
            System.err.printf(
                    "%d appends beside two stuck followers: %d ms; most queued for one: %d%n",
                    appends, appendNanos / 1_000_000, maxQueued);

            assertThat(journal.lastSequence())
                    .as("every append is durable while nobody reads")
                    .isEqualTo(appends);
            assertThat(pushed)
                    .as("the blocked consumer has not taken a batch to the end")
                    .hasValue(0);
            assertThat(maxQueued)
                    .as("shares held in memory for the idle follower")
                    .isLessThanOrEqualTo(capacity);
            assertThat(Duration.ofNanos(appendNanos)).isLessThan(Duration.ofSeconds(20));

            consumerStuck.countDown();
            assertThat(sequences(readUpTo(idle, appends))).containsExactlyElementsOf(range(1, appends));
            await().atMost(WAIT).untilAsserted(() -> assertThat(pushed).hasValue(appends));
            assertThat(blocked.position()).isEqualTo(appends);
        }
    }

    @Test
    void aFollowerStartingNearTheEndOfALongSegmentDecodesOnlyTheStretchBeforeItsStart() throws Exception {
        int shares = 30_000; // about 5 MiB of records, in one segment
        try (ShareJournal journal = ShareJournal.open(dir)) {
            for (int i = 0; i < shares; i += 1_000) {
                appendAll(journal, i, i + 1_000);
            }
            assertThat(decodedToFollowFrom(journal, shares - 10))
                    .as("decoded by a late reader")
                    .isLessThan(shares / 3);
        }
        // Recovery finds the same seek points while it checks the records.
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            assertThat(decodedToFollowFrom(reopened, shares - 10))
                    .as("decoded after reopening")
                    .isLessThan(shares / 3);
            try (ShareLogCursor cursor = reopened.follow(shares - 10, 100)) {
                assertThat(sequences(readUpTo(cursor, 10))).containsExactlyElementsOf(range(shares - 9, shares));
            }
        }
    }

    private static long decodedToFollowFrom(ShareJournal journal, long after) throws Exception {
        try (JournalReader reader = new JournalReader(journal, after)) {
            List<AcceptedShare> read = new ArrayList<>();
            reader.read(Integer.MAX_VALUE, read::add);
            assertThat(sequences(read)).containsExactlyElementsOf(range(after + 1, journal.lastSequence()));
            return reader.decoded();
        }
    }

    @Test
    void aFollowerPassesOverAGapTheJournalRecordedAndThenFollowsLive() throws Exception {
        try (ShareJournal journal = ShareJournal.open(dir)) {
            appendAll(journal, 0, 65);
        }
        cutTailAfter(dir, 58);
        try (ShareJournal journal = ShareJournal.open(dir, 65);
                ShareLogCursor cursor = journal.follow(0, 1_000)) {
            appendAll(journal, 100, 107);
            List<Long> expected = new ArrayList<>(range(1, 58));
            expected.addAll(range(66, 72));
            assertThat(sequences(readUpTo(cursor, expected.size()))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void closingTheJournalEndsAFollowerAfterEveryDurableShare() throws Exception {
        ShareJournal journal = ShareJournal.open(dir);
        try (ShareLogCursor cursor = journal.follow(0, 1_000)) {
            appendAll(journal, 0, 20);
            journal.close();
            assertThat(sequences(readUpTo(cursor, 20))).containsExactlyElementsOf(range(1, 20));
            assertThatThrownBy(() -> cursor.next(WAIT)).isInstanceOf(ShareLogClosedException.class);
            assertThatThrownBy(() -> journal.follow(20, 10).next(WAIT)).isInstanceOf(ShareLogClosedException.class);
        }
    }

    private static List<AcceptedShare> appendConcurrently(ShareJournal journal, int threads, int perThread)
            throws Exception {
        List<AcceptedShare> acknowledged = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                done.add(pool.submit(() -> {
                    // In bursts, as a busy network thread hands shares on: appends of all threads meet in the writer's
                    // batches.
                    for (int burst = 0; burst < perThread; burst += 50) {
                        List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
                        for (int i = burst; i < Math.min(perThread, burst + 50); i++) {
                            futures.add(journal.append(Shares.share(base + i)));
                        }
                        for (CompletableFuture<AcceptedShare> f : futures) {
                            acknowledged.add(f.get(30, TimeUnit.SECONDS));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        return new ArrayList<>(acknowledged);
    }

    /** Reads until {@code count} shares came, each wait bounded; fails if the stream stops short. */
    private static List<AcceptedShare> readUpTo(ShareLogCursor cursor, long count) throws Exception {
        List<AcceptedShare> read = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (read.size() < count && System.nanoTime() < deadline) {
            read.addAll(cursor.next(WAIT));
        }
        assertThat(read).as("shares followed").hasSize((int) count);
        return read;
    }

    private static void appendQuietly(ShareJournal journal, int count) {
        try {
            appendAll(journal, 1_000, 1_000 + count);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
