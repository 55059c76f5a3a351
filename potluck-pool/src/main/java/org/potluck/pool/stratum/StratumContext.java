package org.potluck.pool.stratum;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.potluck.pool.PoolListener;
import org.potluck.pool.config.PoolConfig;
import org.potluck.pool.payout.AddressBook;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.share.ShareRecorder;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.JobBoard;
import org.potluck.store.JobRecord;

/**
 * What every connection shares: the settings, the work, the payout rule and where shares go. The settings and the
 * payout rule sit in holders so that a config reload reaches every connection without touching any of them.
 */
public record StratumContext(
        AtomicReference<PoolConfig.StratumConfig> liveConfig,
        JobBoard board,
        AtomicReference<PayoutPolicy> livePayout,
        AddressBook addresses,
        ShareRecorder recorder,
        Function<Job, JobRecord> jobRecord,
        ExtranonceAllocator extranonces,
        BanList bans,
        PoolListener listener,
        Set<Sv1Session> sessions) {

    /** @param jobRecord a job as the journal keeps it beside each share made on it */
    public StratumContext(
            PoolConfig.StratumConfig config,
            JobBoard board,
            PayoutPolicy payout,
            AddressBook addresses,
            ShareRecorder recorder,
            Function<Job, JobRecord> jobRecord,
            PoolListener listener) {
        this(
                new AtomicReference<>(config),
                board,
                new AtomicReference<>(payout),
                addresses,
                recorder,
                jobRecord,
                new ExtranonceAllocator(),
                new BanList(),
                listener,
                ConcurrentHashMap.newKeySet());
    }

    /** The stratum settings as of now (a reload may have changed them since the last call). */
    public PoolConfig.StratumConfig config() {
        return liveConfig.get();
    }

    /** The payout rule for the next job (a reload may have replaced it). */
    public PayoutPolicy payout() {
        return livePayout.get();
    }
}
