package org.potluck.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;

/** The pool's public records held in lists: shares are numbered 1, 2, 3, ... as they are added. */
final class InMemoryRecords implements PublicRecords {
    private final PublishedRules rules;
    private final List<PublishedShare> shares = new ArrayList<>();
    private final List<PublishedJobEntry> jobs = new ArrayList<>();
    private final List<PublishedBlock> blocks = new ArrayList<>();
    private final List<PublishedDifficulty> difficulties = new ArrayList<>();
    private final List<Consumer<PublishedShare>> listeners = new CopyOnWriteArrayList<>();

    InMemoryRecords(PublishedRules rules) {
        this.rules = rules;
    }

    /** Stores the share and tells the live listeners, in sequence order. */
    synchronized void accept(PublishedShare share) {
        if (share.sequence() != shares.size() + 1) {
            throw new IllegalArgumentException("next share must be " + (shares.size() + 1) + ", got " + share.sequence());
        }
        shares.add(share);
        listeners.forEach(l -> l.accept(share));
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

    synchronized int listenerCount() {
        return listeners.size();
    }

    @Override
    public PublishedRules rules() {
        return rules;
    }

    @Override
    public synchronized List<PublishedShare> sharesAfter(long afterSequence, int limit) {
        int from = (int) Math.min(afterSequence, shares.size());
        return List.copyOf(shares.subList(from, Math.min(shares.size(), from + limit)));
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
    public synchronized AutoCloseable onShare(Consumer<PublishedShare> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public synchronized List<PublishedJobEntry> jobsAfter(long cursor, int limit) {
        return jobs.stream().filter(e -> e.cursor() > cursor).limit(limit).toList();
    }

    @Override
    public synchronized Optional<PublishedJob> job(String jobId) {
        return jobs.stream().map(PublishedJobEntry::job).filter(j -> j.jobId().equals(jobId)).findFirst();
    }

    @Override
    public synchronized List<PublishedBlock> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public synchronized List<PublishedDifficulty> difficultiesAfter(long afterSequence, int limit) {
        return difficulties.stream().filter(d -> d.sequence() > afterSequence).limit(limit).toList();
    }
}
