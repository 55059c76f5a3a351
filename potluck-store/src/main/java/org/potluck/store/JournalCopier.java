package org.potluck.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the journal into a store on a virtual thread. It starts from {@code store.lastSequence()}, so a restart, a
 * store that lost its last transactions, or a copier closed halfway all resume without gaps; re-inserting a share
 * the store already holds is harmless. The job records in the journal are inserted ({@link ShareStore#insertJob},
 * which skips a job id already stored) before the shares that follow them. A failed insert is logged and retried from the store's position, and the
 * copier reports itself unhealthy ({@link #healthy()}) from the failure until a batch is stored again or nothing is
 * left to copy. A different share already stored under a journal sequence ({@link ShareConflictException}) is
 * logged as an error and retried too, but it will not go away by itself: an operator has to look.
 */
public final class JournalCopier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JournalCopier.class);
    static final int BATCH_RECORDS = 1000;
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);
    private static final Duration GATHER_WAIT = Duration.ofMillis(20);
    private static final Duration RETRY_WAIT = Duration.ofSeconds(1);
    /** The same failure, retried every second, is logged in full at most this often. */
    private static final Duration REPEAT_LOG_INTERVAL = Duration.ofMinutes(1);

    private final ShareJournal journal;
    private final ShareStore store;
    private final Object progress = new Object();
    private volatile boolean running;
    private volatile long copiedSequence = -1;
    private volatile String lastError;
    private volatile boolean healthy = true;
    private volatile ShareConflictException conflict;
    private Thread thread;

    // Copier-thread state: what was last logged, to keep a stuck retry from flooding the log.
    private String loggedError;
    private long loggedAtNanos;

    public JournalCopier(ShareJournal journal, ShareStore store) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.store = Objects.requireNonNull(store, "store");
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("journal copier already started");
        }
        running = true;
        thread = Thread.ofVirtual().name("journal-copier").start(this::run);
    }

    /**
     * Waits until the store holds everything the journal held durable at some moment during the wait.
     *
     * @throws IllegalStateException if that does not happen within {@code timeout}
     */
    public void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (copiedSequence < journal.lastSequence()) {
                ShareConflictException stuck = conflict;
                if (stuck != null) {
                    throw new IllegalStateException("journal copier cannot catch up: " + stuck.getMessage(), stuck);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("journal copier did not catch up within " + timeout + ": store at "
                            + copiedSequence + ", journal at " + journal.lastSequence()
                            + (lastError == null ? "" : "; last error: " + lastError));
                }
                try {
                    progress.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the journal copier", e);
                }
            }
        }
    }

    /** The last copy failure, null if none; copying is retried, so this may be stale once caught up again. */
    public String lastError() {
        return lastError;
    }

    /**
     * False from a failed attempt to copy (the database refused a write or could not be reached) until a batch is
     * stored again or the store holds everything the journal has; {@link #lastError()} says why.
     */
    public boolean healthy() {
        return healthy;
    }

    /** Stops copying (within one batch or idle wait); what is not yet copied is copied by the next start. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            JournalReader reader = null;
            try {
                long from = store.lastSequence();
                requireSameLastShare(from);
                publish(from);
                reader = new JournalReader(journal, from);
                copyUntilStopped(reader);
            } catch (IOException | RuntimeException e) {
                failed(e);
                sleep(RETRY_WAIT);
            } finally {
                if (reader != null) {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        log.debug("closing journal reader", e);
                    }
                }
            }
        }
    }

    /**
     * Copying resumes after the store's last share, so a store whose last share is not the journal's share of that
     * sequence (the journal was replaced, or numbered shares again that the store already held) would be continued
     * silently with mismatched records below. One record compared per pass catches that.
     */
    private void requireSameLastShare(long sequence) throws IOException {
        if (sequence == 0) {
            return;
        }
        List<AcceptedShare> inJournal = new ArrayList<>(1);
        try (JournalReader reader = new JournalReader(journal, sequence - 1)) {
            reader.read(1, inJournal::add);
        }
        if (inJournal.isEmpty() || inJournal.getFirst().sequence() != sequence) {
            return; // not in the journal (a recorded gap, or a segment cleaned up): nothing to compare
        }
        store.insert(inJournal); // the same share again changes nothing; a different one is refused
    }

    private void copyUntilStopped(JournalReader reader) throws IOException {
        List<AcceptedShare> batch = new ArrayList<>(BATCH_RECORDS);
        List<JobRecord> jobs = new ArrayList<>();
        while (running) {
            reader.read(BATCH_RECORDS, jobs::add, batch::add);
            if (!batch.isEmpty()) {
                // Jobs first: the store never holds a share whose job it lacks. A job it already has is skipped, and a
                // crash
                // between the two leaves only jobs, which the next pass (resuming at the store's last share) inserts
                // again.
                jobs.forEach(store::insertJob);
                jobs.clear();
                store.insert(batch);
                // Healthy before published: whoever sees the store caught up must also see the copier healthy.
                recovered(batch.getLast().sequence());
                publish(batch.getLast().sequence());
                boolean full = batch.size() == BATCH_RECORDS;
                batch.clear();
                if (!full) {
                    // The journal already holds these shares durably; one database transaction per journal group would
                    // cost
                    // more CPU than its rows, so let a few groups gather before the next one.
                    sleep(GATHER_WAIT);
                }
            } else {
                recovered(copiedSequence); // caught up: a failure of a read at the start of this pass is over too
                try {
                    journal.awaitSequenceAbove(copiedSequence, IDLE_WAIT);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void failed(Exception e) {
        healthy = false;
        lastError = e.toString();
        if (e instanceof ShareConflictException c) {
            conflict = c;
        }
        long now = System.nanoTime();
        boolean repeat = lastError.equals(loggedError) && now - loggedAtNanos < REPEAT_LOG_INTERVAL.toNanos();
        if (repeat) {
            log.debug("Copying the share journal into the store failed again: {}", lastError);
            return;
        }
        loggedError = lastError;
        loggedAtNanos = now;
        if (e instanceof ShareConflictException) {
            log.error(
                    "Copying the share journal into the store is stuck: {}. No more shares reach the database until "
                            + "an operator resolves this; retrying every {}",
                    e.getMessage(),
                    RETRY_WAIT);
        } else {
            log.warn(
                    "Copying the share journal into the store failed; retrying every {} (the same failure is logged "
                            + "again at most every {})",
                    RETRY_WAIT,
                    REPEAT_LOG_INTERVAL,
                    e);
        }
    }

    private void recovered(long storedUpTo) {
        if (!healthy) {
            log.info("Copying the share journal into the store works again (store at sequence {})", storedUpTo);
            healthy = true;
            conflict = null;
            loggedError = null;
        }
    }

    private void publish(long sequence) {
        synchronized (progress) {
            copiedSequence = sequence;
            progress.notifyAll();
        }
    }

    private void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
