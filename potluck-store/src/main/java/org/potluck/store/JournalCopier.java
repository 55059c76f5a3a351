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
 * store that lost its last transactions, or a copier closed halfway all resume without gaps; the store's
 * idempotent insert makes any overlap harmless. A failed insert is logged and retried from the store's position.
 */
public final class JournalCopier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JournalCopier.class);
  static final int BATCH_RECORDS = 1000;
  private static final Duration IDLE_WAIT = Duration.ofMillis(200);
  private static final Duration GATHER_WAIT = Duration.ofMillis(20);
  private static final Duration RETRY_WAIT = Duration.ofSeconds(1);

  private final ShareJournal journal;
  private final ShareStore store;
  private final Object progress = new Object();
  private volatile boolean running;
  private volatile long copiedSequence = -1;
  private volatile String lastError;
  private Thread thread;

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
        publish(from);
        reader = new JournalReader(journal, from);
        copyUntilStopped(reader);
      } catch (IOException | RuntimeException e) {
        lastError = e.toString();
        log.warn("Copying the share journal into the store failed; retrying in {}", RETRY_WAIT, e);
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

  private void copyUntilStopped(JournalReader reader) throws IOException {
    List<AcceptedShare> batch = new ArrayList<>(BATCH_RECORDS);
    while (running) {
      reader.read(BATCH_RECORDS, batch::add);
      if (!batch.isEmpty()) {
        store.insert(batch);
        publish(batch.getLast().sequence());
        boolean full = batch.size() == BATCH_RECORDS;
        batch.clear();
        if (!full) {
          // The journal already holds these shares durably; one database transaction per journal group would cost
          // more CPU than its rows, so let a few groups gather before the next one.
          sleep(GATHER_WAIT);
        }
      } else {
        try {
          journal.awaitSequenceAbove(copiedSequence, IDLE_WAIT);
        } catch (InterruptedException e) {
          return;
        }
      }
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
