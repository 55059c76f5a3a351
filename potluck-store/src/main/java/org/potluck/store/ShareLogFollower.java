package org.potluck.store;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a consumer the journal's ordered share stream on a virtual thread of its own: for readers that want each
 * batch pushed to them (the PPLNS window) rather than asking for it. The consumer may take its time; only this
 * follower waits for it (see {@link ShareLogCursor} for what happens when it falls behind).
 */
public final class ShareLogFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareLogFollower.class);
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final Duration RETRY_WAIT = Duration.ofSeconds(1);

    private final ShareLogCursor cursor;
    private final String name;
    private final Consumer<List<AcceptedShare>> consumer;
    private final Thread thread;
    private String lastFailure; // follower-thread state

    private ShareLogFollower(ShareLogCursor cursor, String name, Consumer<List<AcceptedShare>> consumer) {
        this.cursor = cursor;
        this.name = name;
        this.consumer = consumer;
        this.thread = Thread.ofVirtual().name("share-log-" + name).unstarted(this::run);
    }

    /**
     * Starts handing {@code consumer} every share after {@code afterSequence}, in sequence order, in batches.
     *
     * @param capacity the most shares waiting for the consumer in memory before it reads from the files instead
     */
    public static ShareLogFollower start(
            ShareJournal journal,
            long afterSequence,
            int capacity,
            String name,
            Consumer<List<AcceptedShare>> consumer) {
        ShareLogFollower follower = new ShareLogFollower(journal.follow(afterSequence, capacity), name, consumer);
        follower.thread.start();
        return follower;
    }

    /** The last sequence handed to the consumer. */
    public long position() {
        return cursor.position();
    }

    private void run() {
        while (true) {
            List<AcceptedShare> batch;
            try {
                batch = cursor.next(WAIT);
            } catch (ShareLogClosedException | InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // Damaged journal bytes: the stream cannot go on past them, and an operator has to look. Retried each
                // second,
                // logged once per distinct failure.
                if (!e.toString().equals(lastFailure)) {
                    lastFailure = e.toString();
                    log.error(
                            "share log follower {} cannot read on after sequence {}: {}",
                            name,
                            cursor.position(),
                            lastFailure);
                }
                try {
                    Thread.sleep(RETRY_WAIT);
                } catch (InterruptedException stop) {
                    return;
                }
                continue;
            }
            lastFailure = null;
            if (batch.isEmpty()) {
                continue;
            }
            try {
                consumer.accept(batch);
            } catch (RuntimeException e) {
                // The batch counts as taken: handing it again would give the consumer shares twice.
                log.error(
                        "share log follower {} failed on sequences {} to {}: {}",
                        name,
                        batch.getFirst().sequence(),
                        batch.getLast().sequence(),
                        e.toString(),
                        e);
            }
        }
    }

    /** Stops following and waits for the consumer's current batch to finish. */
    @Override
    public void close() {
        cursor.close();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
