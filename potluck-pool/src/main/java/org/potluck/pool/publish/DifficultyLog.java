package org.potluck.pool.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.potluck.pool.PoolListener;
import org.potluck.store.DifficultyAssignment;
import org.potluck.store.ShareStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every set_difficulty the pool writes to a connection, for the public API (a verifier checks each share's
 * credited difficulty against them). Events come from the network threads, so they are only queued there; one writer
 * thread stores them in batches (a new block assigns a difficulty to every connection at once), retrying a failed batch
 * until it is stored or the pool stops.
 */
public final class DifficultyLog implements PoolListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DifficultyLog.class);
    /** About 20 MB: many blocks' worth of 15,000 connections, while the database is away. */
    private static final int MAX_QUEUED = 200_000;

    private static final int BATCH = 5_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ShareStore store;
    private final LinkedBlockingQueue<DifficultyAssignment> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    public DifficultyLog(ShareStore store) {
        this.store = store;
        this.writer = Thread.ofPlatform().name("difficulty-log").daemon().start(this::writeLoop);
    }

    @Override
    public void difficultyAssigned(String extranonce1, double difficulty, int height, String jobId) {
        if (!queue.offer(DifficultyAssignment.of(Instant.now(), extranonce1, height, jobId, difficulty))
                && dropped.getAndIncrement() % 10_000 == 0) {
            log.error(
                    "difficulty assignments are not being stored fast enough (database down?): {} dropped so far;"
                            + " verifiers will flag the shares made under them",
                    dropped.get());
        }
    }

    /** Assignments that could not even be queued (see {@link #MAX_QUEUED}). */
    public long dropped() {
        return dropped.get();
    }

    private void writeLoop() {
        List<DifficultyAssignment> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty() && batch.isEmpty())) {
            try {
                if (batch.isEmpty()) {
                    DifficultyAssignment first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                store.insertDifficulties(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("could not store {} difficulty assignments (retrying): {}", batch.size(), e.toString());
                if (closing) {
                    return; // the store is going away with the pool: nothing left to retry against
                }
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Stores what is queued (the network threads must have stopped) and stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
        }
    }
}
