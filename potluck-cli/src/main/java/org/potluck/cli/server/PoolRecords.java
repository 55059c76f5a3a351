package org.potluck.cli.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.pool.Pool;
import org.potluck.pool.PoolListener;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.publish.JobJson;
import org.potluck.store.AcceptedShare;
import org.potluck.store.JobRecord;
import org.potluck.store.ShareProof;
import org.potluck.web.api.PublicRecords;

/**
 * The public API's view of a running pool: shares, jobs and blocks from its database, live shares from its events.
 * Live shares are handed on strictly in sequence order (they are acknowledged on several network threads, so they can
 * arrive slightly out of order), which lets a follower resume from any sequence without gaps.
 */
public final class PoolRecords implements PublicRecords, PoolListener {
    private final List<Consumer<PublishedShare>> followers = new CopyOnWriteArrayList<>();
    private final TreeMap<Long, PublishedShare> early = new TreeMap<>();
    private volatile Pool pool;
    private long nextSequence = -1;

    /** The pool is made after its listeners; call this once it has started. */
    public void attach(Pool started) {
        this.pool = started;
        synchronized (early) {
            nextSequence = started.store().lastSequence() + 1;
            early.headMap(nextSequence).clear();
            drain();
        }
    }

    @Override
    public void shareAccepted(AcceptedShare share) {
        synchronized (early) {
            early.put(share.sequence(), published(share));
            drain();
        }
    }

    private void drain() {
        if (nextSequence < 0) {
            return;
        }
        // Held shares older than the next expected one were journaled before start-up caught up: already stored.
        early.headMap(nextSequence).clear();
        PublishedShare next;
        while ((next = early.remove(nextSequence)) != null) {
            nextSequence++;
            for (Consumer<PublishedShare> f : followers) {
                f.accept(next);
            }
        }
    }

    @Override
    public PublishedRules rules() {
        var config = pool.config();
        int mask = config.stratum().versionMask();
        PayoutPolicy payout = pool.payout();
        return PublishedRules.of(config.network(), payout.scheme(), payout.windowMultiplier(), payout.rules(), mask);
    }

    @Override
    public List<PublishedShare> sharesAfter(long afterSequence, int limit) {
        return pool.store().sharesAfter(afterSequence, limit).stream().map(PoolRecords::published).toList();
    }

    @Override
    public List<PublishedShare> sharesDescending(long atOrBelowSequence, int limit) {
        return pool.store().sharesDescending(atOrBelowSequence, limit).stream().map(PoolRecords::published).toList();
    }

    @Override
    public AutoCloseable onShare(Consumer<PublishedShare> listener) {
        followers.add(listener);
        return () -> followers.remove(listener);
    }

    @Override
    public List<PublishedJobEntry> jobsAfter(long cursor, int limit) {
        List<PublishedJobEntry> jobs = new ArrayList<>();
        for (JobRecord r : pool.store().jobsAfter(cursor, limit)) {
            jobs.add(new PublishedJobEntry(r.cursor(), parseJob(r)));
        }
        return jobs;
    }

    @Override
    public Optional<PublishedJob> job(String jobId) {
        return pool.store().job(jobId).map(PoolRecords::parseJob);
    }

    @Override
    public List<PublishedBlock> blocks() {
        return pool.publishedBlocks();
    }

    @Override
    public List<PublishedDifficulty> difficultiesAfter(long afterSequence, int limit) {
        return pool.store().difficultiesAfter(afterSequence, limit).stream().map(d -> new PublishedDifficulty(
                d.sequence(), d.time(), d.extranonce1(), d.height(), d.jobId(), d.difficulty())).toList();
    }

    private static PublishedJob parseJob(JobRecord r) {
        return JobJson.JSON.readValue(r.json(), PublishedJob.class);
    }

    /** The public record keeps the format the share was recorded in (docs/share-record.md). */
    static PublishedShare published(AcceptedShare s) {
        return switch (s.proof()) {
            case ShareProof.HeaderFields h -> PublishedShare.formatTwo(s.sequence(), s.time(), s.address(), s.worker(),
                    s.jobId(), h.protocol(), h.channel(), h.extranonce(), h.version(), h.ntime(), h.nonce(),
                    s.difficulty(), s.block(), s.blockHash());
            case ShareProof.Sv1Strings v -> PublishedShare.formatOne(s.sequence(), s.time(), s.address(), s.worker(),
                    s.jobId(), v.extranonce1(), v.extranonce2(), v.ntime(), v.nonce(), v.versionBits(), s.difficulty(),
                    s.block(), s.blockHash());
        };
    }
}
