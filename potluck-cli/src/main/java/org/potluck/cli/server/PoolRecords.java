package org.potluck.cli.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.pool.Pool;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.publish.JobJson;
import org.potluck.store.AcceptedShare;
import org.potluck.store.JobRecord;
import org.potluck.store.ShareJournal;
import org.potluck.store.ShareLogCursor;
import org.potluck.store.ShareProof;
import org.potluck.store.ShareStore;
import org.potluck.web.api.PublicRecords;

/**
 * The public API's view of a running pool: shares, jobs and blocks from its database, and the share stream from the
 * journal's ordered share log ({@link ShareJournal#follow}), which is already in sequence order, without holes.
 */
public final class PoolRecords implements PublicRecords {
    private volatile Pool pool;
    private volatile ShareStore store;
    private volatile ShareJournal journal;

    /** The pool is made first; call this once it has started. */
    public void attach(Pool started) {
        this.pool = started;
        attachShares(started.store(), started.journal());
    }

    /** Where the shares come from; the share API needs nothing else of the pool. */
    void attachShares(ShareStore sharesStore, ShareJournal shareLog) {
        this.store = sharesStore;
        this.journal = shareLog;
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
        return store.sharesAfter(afterSequence, limit).stream()
                .map(PoolRecords::published)
                .toList();
    }

    @Override
    public List<PublishedShare> sharesDescending(long atOrBelowSequence, int limit) {
        return store.sharesDescending(atOrBelowSequence, limit).stream()
                .map(PoolRecords::published)
                .toList();
    }

    @Override
    public LiveShares followShares(long afterSequence, int capacity) {
        ShareLogCursor cursor = journal.follow(afterSequence, capacity);
        return new LiveShares() {
            @Override
            public List<PublishedShare> next(Duration wait) throws IOException, InterruptedException {
                return cursor.next(wait).stream().map(PoolRecords::published).toList();
            }

            @Override
            public int queued() {
                return cursor.queued();
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
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
        return pool.store().difficultiesAfter(afterSequence, limit).stream()
                .map(d -> new PublishedDifficulty(
                        d.sequence(), d.time(), d.extranonce1(), d.height(), d.jobId(), d.difficulty()))
                .toList();
    }

    private static PublishedJob parseJob(JobRecord r) {
        return JobJson.JSON.readValue(r.json(), PublishedJob.class);
    }

    /** The public record keeps the format the share was recorded in (docs/share-record.md). */
    static PublishedShare published(AcceptedShare s) {
        return switch (s.proof()) {
            case ShareProof.HeaderFields h ->
                PublishedShare.formatTwo(
                        s.sequence(),
                        s.time(),
                        s.address(),
                        s.worker(),
                        s.jobId(),
                        h.protocol(),
                        h.channel(),
                        h.extranonce(),
                        h.version(),
                        h.ntime(),
                        h.nonce(),
                        s.difficulty(),
                        s.block(),
                        s.blockHash());
            case ShareProof.Sv1Strings v ->
                PublishedShare.formatOne(
                        s.sequence(),
                        s.time(),
                        s.address(),
                        s.worker(),
                        s.jobId(),
                        v.extranonce1(),
                        v.extranonce2(),
                        v.ntime(),
                        v.nonce(),
                        v.versionBits(),
                        s.difficulty(),
                        s.block(),
                        s.blockHash());
        };
    }
}
