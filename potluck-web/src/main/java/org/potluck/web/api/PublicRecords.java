package org.potluck.web.api;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;

/**
 * What the public API reads from the pool: its shares, jobs, found blocks and rules, already in published form. All
 * methods are called from many request threads at once and must be thread-safe; none may block for long.
 */
public interface PublicRecords {

    PublishedRules rules();

    /** Up to {@code limit} shares with sequence above {@code afterSequence}, in sequence order. */
    List<PublishedShare> sharesAfter(long afterSequence, int limit);

    /** Up to {@code limit} shares with sequence at or below {@code atOrBelowSequence}, newest first. */
    List<PublishedShare> sharesDescending(long atOrBelowSequence, int limit);

    /**
     * Follows the pool's ordered share log from just after {@code afterSequence}: every share in sequence order, each
     * once, the ones already recorded and then each one as it is accepted. The log runs ahead of {@link #sharesAfter}
     * (the database is copied from it), so this is where the stored shares meet the live ones. Shares the log does not
     * hold (it may start later than the database) are passed over: the caller finds them with {@link #sharesAfter}.
     *
     * @param capacity the most shares kept in memory for this follower; one that falls further behind reads the log
     *                 again instead, so a slow follower costs no more memory and delays nobody else
     */
    LiveShares followShares(long afterSequence, int capacity);

    /** One follower's place in the share log; used by one thread. */
    interface LiveShares extends AutoCloseable {
        /** The next shares in sequence order, waiting up to {@code wait} for the first; empty if none came. */
        List<PublishedShare> next(Duration wait) throws IOException, InterruptedException;

        /** Shares held in memory for this follower, at most its capacity. */
        int queued();

        @Override
        void close();
    }

    /** Up to {@code limit} jobs with cursor above {@code cursor}, in cursor order; start with 0. */
    List<PublishedJobEntry> jobsAfter(long cursor, int limit);

    Optional<PublishedJob> job(String jobId);

    /** Every block the pool found, by height ascending. */
    List<PublishedBlock> blocks();

    /** Up to {@code limit} difficulty assignments with sequence above {@code afterSequence}, in sequence order. */
    List<PublishedDifficulty> difficultiesAfter(long afterSequence, int limit);
}
