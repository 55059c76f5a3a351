package org.potluck.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.web.api.PublicRecords;

/**
 * A {@link PoolHistory} behind the public API. Shares after {@code visible} are held back until {@link #release}
 * accepts them "live".
 */
final class ServedHistory implements PublicRecords {
    private final PoolHistory history;
    private volatile long visible;
    /** Difficulty assignments up to this sequence are served (the pool stores them a moment after sending them). */
    private volatile long difficultiesVisible = Long.MAX_VALUE;

    private java.util.function.BooleanSupplier heldUntil;
    private boolean lookedOnceSinceStored;

    ServedHistory(PoolHistory history) {
        this(history, history.shares.size());
    }

    ServedHistory(PoolHistory history, long visible) {
        this.history = history;
        this.visible = visible;
    }

    /** Accepts the held-back shares: the followers of the share log see them now, in sequence order. */
    synchronized void release() {
        visible = history.shares.isEmpty()
                ? visible
                : Math.max(visible, history.shares.getLast().sequence());
        notifyAll();
    }

    /**
     * Serves only the difficulty assignments recorded before share {@code sequence}, until the verifier has had one
     * look at the later ones after {@code stored} became true: as a pool that stores assignments a moment late.
     */
    synchronized void holdBackDifficultiesAfterShare(long sequence, java.util.function.BooleanSupplier stored) {
        java.time.Instant until = history.shares.get((int) sequence - 1).time();
        difficultiesVisible = history.difficulties.stream()
                .filter(d -> !d.time().isAfter(until))
                .mapToLong(PublishedDifficulty::sequence)
                .max()
                .orElse(0);
        heldUntil = stored;
    }

    /** Whether the held-back difficulty assignments are served by now. */
    synchronized boolean difficultiesReleased() {
        return heldUntil == null;
    }

    @Override
    public PublishedRules rules() {
        return history.rules;
    }

    @Override
    public List<PublishedShare> sharesAfter(long afterSequence, int limit) {
        return history.shares.stream()
                .filter(s -> s.sequence() > afterSequence && s.sequence() <= visible)
                .limit(limit)
                .toList();
    }

    @Override
    public List<PublishedShare> sharesDescending(long atOrBelowSequence, int limit) {
        List<PublishedShare> newestFirst = new ArrayList<>(history.shares).reversed();
        return newestFirst.stream()
                .filter(s -> s.sequence() <= Math.min(atOrBelowSequence, visible))
                .limit(limit)
                .toList();
    }

    /** The visible shares are the share log; a follower reads on from its place in them. */
    @Override
    public LiveShares followShares(long afterSequence, int capacity) {
        return new LiveShares() {
            private long position = afterSequence;
            private boolean closed;

            @Override
            public List<PublishedShare> next(java.time.Duration wait) throws java.io.IOException, InterruptedException {
                long deadline = System.nanoTime() + wait.toNanos();
                synchronized (ServedHistory.this) {
                    while (!closed && visible <= position) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return List.of();
                        }
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(ServedHistory.this, left);
                    }
                    if (closed) {
                        throw new java.io.IOException("follower closed");
                    }
                    List<PublishedShare> read = history.shares.stream()
                            .filter(s -> s.sequence() > position && s.sequence() <= visible)
                            .toList();
                    position = visible;
                    return read;
                }
            }

            @Override
            public int queued() {
                return 0;
            }

            @Override
            public void close() {
                synchronized (ServedHistory.this) {
                    closed = true;
                    ServedHistory.this.notifyAll();
                }
            }
        };
    }

    @Override
    public List<PublishedJobEntry> jobsAfter(long cursor, int limit) {
        List<PublishedJobEntry> entries = new ArrayList<>();
        for (int i = 0; i < history.jobs.size(); i++) {
            entries.add(new PublishedJobEntry(i + 1, history.jobs.get(i)));
        }
        return entries.stream().filter(e -> e.cursor() > cursor).limit(limit).toList();
    }

    @Override
    public Optional<PublishedJob> job(String jobId) {
        return history.jobs.stream().filter(j -> j.jobId().equals(jobId)).findFirst();
    }

    @Override
    public List<PublishedBlock> blocks() {
        return List.copyOf(history.blocks);
    }

    @Override
    public synchronized List<PublishedDifficulty> difficultiesAfter(long afterSequence, int limit) {
        if (heldUntil != null && heldUntil.getAsBoolean()) {
            if (lookedOnceSinceStored) {
                difficultiesVisible = Long.MAX_VALUE;
                heldUntil = null;
            }
            lookedOnceSinceStored = true;
        }
        return history.difficulties.stream()
                .filter(d -> d.sequence() > afterSequence && d.sequence() <= difficultiesVisible)
                .limit(limit)
                .toList();
    }
}
