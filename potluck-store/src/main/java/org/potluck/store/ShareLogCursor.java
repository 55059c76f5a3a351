package org.potluck.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One reader's place in the journal's ordered share stream ({@link ShareJournal#follow}): {@link #next} hands out
 * every durable share after the starting sequence exactly once, in sequence order, with no gap, on the reader's own
 * thread.
 *
 * <p>Two sources, one order. Shares already durable when the cursor starts, or while it is behind, are read from the
 * journal's files. After that the writer thread hands each durable batch over as it completes it ({@link #offer},
 * a list append under this cursor's monitor: the writer never waits for a reader). The hand-off holds at most
 * {@code capacity} shares; a batch that does not fit is dropped with everything queued, and the cursor goes back to
 * reading the files from its position (which hold every one of those shares), then takes live batches again. So a
 * slow reader costs memory bounded by its capacity and delays only itself; nothing is skipped. Sequences already
 * handed out are passed over, which makes the seam between files and live batches exact: the hand-off is opened
 * before the files are read up to the journal's durable end, so every batch is in one or the other, or both.
 *
 * <p>Not thread-safe on the reading side: one thread calls {@link #next}.
 */
public final class ShareLogCursor implements AutoCloseable {
    /** Shares read from the files per call, so that a reader far behind gets the backlog in pieces. */
    static final int FILE_PAGE = 1_000;

    private final ShareJournal journal;
    private final int capacity;
    /** Guarded by this: batches from the writer, in order, and how many shares they hold. */
    private final ArrayDeque<List<AcceptedShare>> handOff = new ArrayDeque<>();

    private int queuedShares;
    /** Guarded by this: a batch was dropped since the hand-off was last opened. */
    private boolean overflowed;

    private boolean journalClosed;
    private boolean cursorClosed;

    // Reader-thread state.
    /** The last sequence handed out (or passed over at a gap recorded in the journal). */
    private long position;

    private boolean fromFiles = true;
    private JournalReader files;
    /** The thread reading, so that a close from elsewhere leaves the open file to it. */
    private volatile Thread reader;

    ShareLogCursor(ShareJournal journal, long afterSequence, int capacity) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("afterSequence must not be negative, got " + afterSequence);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("hand-off capacity must be at least one share, got " + capacity);
        }
        this.journal = journal;
        this.position = afterSequence;
        this.capacity = capacity;
    }

    /**
     * The next shares in sequence order, waiting up to {@code wait} for the first of them; an empty list if none became
     * durable in that time.
     *
     * @throws ShareLogClosedException once the journal or this cursor is closed and every durable share was handed out
     * @throws JournalCorruptedException at damaged bytes in the files (nothing after them is handed out)
     */
    public List<AcceptedShare> next(Duration wait) throws IOException, InterruptedException {
        reader = Thread.currentThread();
        try {
            return nextShares(wait);
        } catch (ShareLogClosedException e) {
            closeFiles();
            throw e;
        }
    }

    private List<AcceptedShare> nextShares(Duration wait) throws IOException, InterruptedException {
        if (isClosed()) {
            throw new ShareLogClosedException("this cursor on the share log of " + journal.directory() + " is closed");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (fromFiles) {
                List<AcceptedShare> read = readFiles();
                if (!read.isEmpty()) {
                    return read;
                }
            }
            List<AcceptedShare> batch = take(deadline);
            if (batch == null) {
                return List.of();
            }
            if (batch.isEmpty()) {
                continue; // overflowed: back to the files (fromFiles is set)
            }
            List<AcceptedShare> fresh = after(batch);
            if (fresh.isEmpty()) {
                continue; // already read from the files
            }
            if (fresh.getFirst().sequence() != position + 1) {
                // A recorded gap in the journal, which only the files' reader knows how to pass over.
                fromFiles = true;
                continue;
            }
            position = fresh.getLast().sequence();
            return fresh;
        }
    }

    /** The last sequence handed out by {@link #next}. */
    public long position() {
        return position;
    }

    private synchronized boolean isClosed() {
        return cursorClosed;
    }

    /** Shares handed over by the writer and not yet taken: at most the capacity. */
    public synchronized int queued() {
        return queuedShares;
    }

    /**
     * Stops the hand-off; a reader waiting in {@link #next} wakes up with {@link ShareLogClosedException}. Closed from
     * another thread, the reading thread closes its open file on its next call.
     */
    @Override
    public void close() {
        journal.unfollow(this);
        synchronized (this) {
            cursorClosed = true;
            handOff.clear();
            queuedShares = 0;
            notifyAll();
        }
        if (reader == null || reader == Thread.currentThread()) {
            closeFiles();
        }
    }

    private void closeFiles() {
        try {
            if (files != null) {
                files.close();
            }
        } catch (IOException e) {
            // a file opened for reading only: nothing was lost
        }
    }

    // ---- writer side -------------------------------------------------------------------------------------------

    /** Called by the journal's writer with each durable batch, in order; never blocks on the reader. */
    synchronized void offer(List<AcceptedShare> batch) {
        if (cursorClosed || overflowed) {
            return;
        }
        if (queuedShares + batch.size() > capacity) {
            overflowed = true; // the files hold these: the reader goes back to them
            handOff.clear();
            queuedShares = 0;
        } else {
            handOff.add(batch);
            queuedShares += batch.size();
        }
        notifyAll();
    }

    /** The journal closed: the reader finishes what is durable, then ends. */
    synchronized void journalClosed() {
        journalClosed = true;
        notifyAll();
    }

    // ---- reader side -------------------------------------------------------------------------------------------

    /**
     * Reads the next page from the files. The hand-off is opened (emptied, overflow forgotten) first: every batch the
     * writer completes from then on is queued, and every one before is durable, so within the files' end read next.
     */
    private List<AcceptedShare> readFiles() throws IOException {
        synchronized (this) {
            handOff.clear();
            queuedShares = 0;
            overflowed = false;
        }
        if (files == null) {
            files = new JournalReader(journal, position);
        } else {
            files.skipTo(position);
        }
        List<AcceptedShare> read = new ArrayList<>();
        files.read(FILE_PAGE, read::add);
        if (read.size() < FILE_PAGE) {
            fromFiles = false;
        }
        // The files' reader passes over recorded gaps: its place, not the last share, is where this cursor stands.
        position = files.nextSequence() - 1;
        return read;
    }

    /**
     * The next live batch; an empty list when the hand-off overflowed (the reader must go to the files); null when the
     * deadline passed first.
     */
    private synchronized List<AcceptedShare> take(long deadline) throws InterruptedException, ShareLogClosedException {
        while (true) {
            if (cursorClosed) {
                throw new ShareLogClosedException(
                        "this cursor on the share log of " + journal.directory() + " is closed");
            }
            if (overflowed) {
                fromFiles = true;
                return List.of();
            }
            List<AcceptedShare> batch = handOff.poll();
            if (batch != null) {
                queuedShares -= batch.size();
                return batch;
            }
            if (journalClosed) {
                if (journal.lastSequence() > position) {
                    fromFiles = true; // durable shares the hand-off no longer carries
                    return List.of();
                }
                throw new ShareLogClosedException("the share log of " + journal.directory() + " is closed");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The shares of {@code batch} after this cursor's position. */
    private List<AcceptedShare> after(List<AcceptedShare> batch) {
        if (batch.getFirst().sequence() > position) {
            return batch;
        }
        if (batch.getLast().sequence() <= position) {
            return List.of();
        }
        return batch.subList((int) (position + 1 - batch.getFirst().sequence()), batch.size());
    }
}
