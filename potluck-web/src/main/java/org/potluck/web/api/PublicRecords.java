package org.potluck.web.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
     * Calls {@code listener} with each share accepted from now on, in sequence order, until the returned handle is
     * closed. The listener must return quickly (it runs on the pool's accepting thread); it may be called before the
     * share is visible to {@link #sharesAfter}, which the API tolerates.
     */
    AutoCloseable onShare(Consumer<PublishedShare> listener);

    /** Up to {@code limit} jobs with cursor above {@code cursor}, in cursor order; start with 0. */
    List<PublishedJobEntry> jobsAfter(long cursor, int limit);

    Optional<PublishedJob> job(String jobId);

    /** Every block the pool found, by height ascending. */
    List<PublishedBlock> blocks();

    /** Up to {@code limit} difficulty assignments with sequence above {@code afterSequence}, in sequence order. */
    List<PublishedDifficulty> difficultiesAfter(long afterSequence, int limit);
}
