package org.potluck.web.api;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;

/**
 * The pool's public records held in lists: shares are numbered 1, 2, 3, ... as they are added, and the list of shares
 * is both the store and the share log (followers read it from their place; nothing is queued for them).
 */
final class InMemoryRecords implements PublicRecords {
    private final PublishedRules rules;
    private final List<PublishedShare> shares = new ArrayList<>();
    private final List<PublishedJobEntry> jobs = new ArrayList<>();
    private final List<PublishedBlock> blocks = new ArrayList<>();
    private final List<PublishedDifficulty> difficulties = new ArrayList<>();
    private int followers;
    /** The store's end, below the log's when it lags (its copy is behind); unlimited by default. */
    private long storedUpTo = Long.MAX_VALUE;
    /** A stretch of sequences the log does not hold (first, last), as a journal that recorded a gap. */
    private long lackedFrom = -1;

    private long lackedTo = -1;

    InMemoryRecords(PublishedRules rules) {
        this.rules = rules;
    }

    /** Stores the share and wakes the followers of the log. */
    synchronized void accept(PublishedShare share) {
        if (share.sequence() != shares.size() + 1) {
            throw new IllegalArgumentException(
                    "next share must be " + (shares.size() + 1) + ", got " + share.sequence());
        }
        shares.add(share);
        notifyAll();
    }

    synchronized void addJob(PublishedJob job) {
        jobs.add(new PublishedJobEntry(jobs.size() * 10L + 10, job));
    }

    synchronized void addBlock(PublishedBlock block) {
        blocks.add(block);
    }

    synchronized void addDifficulty(PublishedDifficulty assignment) {
        difficulties.add(assignment);
    }

    /** From now on the store shows shares up to {@code sequence} only: it lags the log. */
    synchronized void storeOnlyUpTo(long sequence) {
        storedUpTo = sequence;
    }

    /** The log passes over sequences {@code from} to {@code to}; the store still has them (unless it lags). */
    synchronized void logLacks(long from, long to) {
        lackedFrom = from;
        lackedTo = to;
    }

    /** Every share accepted, whether the store shows it yet or not. */
    synchronized int shareCount() {
        return shares.size();
    }

    synchronized int followerCount() {
        return followers;
    }

    @Override
    public PublishedRules rules() {
        return rules;
    }

    @Override
    public synchronized List<PublishedShare> sharesAfter(long afterSequence, int limit) {
        int stored = (int) Math.min(shares.size(), storedUpTo);
        int from = (int) Math.min(afterSequence, stored);
        return List.copyOf(shares.subList(from, Math.min(stored, from + limit)));
    }

    @Override
    public synchronized List<PublishedShare> sharesDescending(long atOrBelowSequence, int limit) {
        List<PublishedShare> out = new ArrayList<>();
        for (int i = (int) Math.min(atOrBelowSequence, shares.size()) - 1; i >= 0 && out.size() < limit; i--) {
            out.add(shares.get(i));
        }
        return out;
    }

    @Override
    public synchronized LiveShares followShares(long afterSequence, int capacity) {
        followers++;
        return new LiveShares() {
            private long position = afterSequence;
            private boolean closed;

            @Override
            public List<PublishedShare> next(Duration wait) throws IOException, InterruptedException {
                long deadline = System.nanoTime() + wait.toNanos();
                synchronized (InMemoryRecords.this) {
                    while (!closed && shares.size() <= position) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return List.of();
                        }
                        TimeUnit.NANOSECONDS.timedWait(InMemoryRecords.this, left);
                    }
                    if (closed) {
                        throw new IOException("follower closed");
                    }
                    List<PublishedShare> read = shares.subList((int) position, shares.size()).stream()
                            .filter(s -> s.sequence() < lackedFrom || s.sequence() > lackedTo)
                            .toList();
                    position = shares.size();
                    return read;
                }
            }

            @Override
            public int queued() {
                return 0;
            }

            @Override
            public void close() {
                synchronized (InMemoryRecords.this) {
                    if (!closed) {
                        closed = true;
                        followers--;
                        InMemoryRecords.this.notifyAll();
                    }
                }
            }
        };
    }

    @Override
    public synchronized List<PublishedJobEntry> jobsAfter(long cursor, int limit) {
        return jobs.stream().filter(e -> e.cursor() > cursor).limit(limit).toList();
    }

    @Override
    public synchronized Optional<PublishedJob> job(String jobId) {
        return jobs.stream()
                .map(PublishedJobEntry::job)
                .filter(j -> j.jobId().equals(jobId))
                .findFirst();
    }

    @Override
    public synchronized List<PublishedBlock> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public synchronized List<PublishedDifficulty> difficultiesAfter(long afterSequence, int limit) {
        return difficulties.stream()
                .filter(d -> d.sequence() > afterSequence)
                .limit(limit)
                .toList();
    }
}
