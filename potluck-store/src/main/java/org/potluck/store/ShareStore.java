package org.potluck.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database the {@link ShareJournal} is copied into, for queries (accounting windows, dashboards, the public API),
 * plus the few things the pool records only here: found blocks, small settings, and the jobs no share was made on.
 * The journal is the record of truth for shares and their jobs; a store's shares, and every share's job, can always
 * be rebuilt from it, which is why inserting the same share or job again is harmless.
 *
 * <p>Contract for every implementation (checked by {@code ShareStoreContractTest}): times are kept to the
 * microsecond (truncated; what PostgreSQL's {@code timestamptz} keeps), every other field exactly; methods are
 * thread-safe; failures of the database throw {@link ShareStoreException}, bad arguments
 * {@link IllegalArgumentException}. Open one with {@link ShareStores#open}.
 */
public interface ShareStore extends AutoCloseable {

    /**
     * Stores the shares in one transaction. A sequence already stored with the same share is skipped, so copying the
     * same journal range twice changes nothing; a sequence stored with a different share is refused.
     *
     * @throws IllegalArgumentException if a share has no journal sequence (0); nothing of the batch is stored then
     * @throws ShareConflictException   if a sequence is stored with other fields; nothing of the batch is stored then
     */
    void insert(List<AcceptedShare> shares);

    /** The highest stored sequence, 0 if empty. */
    long lastSequence();

    /** Up to {@code limit} shares with sequence above {@code afterSequence}, in sequence order. */
    List<AcceptedShare> sharesAfter(long afterSequence, int limit);

    /**
     * Up to {@code limit} shares with sequence at or below {@code atOrBelowSequence}, newest (highest sequence) first:
     * how a PPLNS window is filled, page by page, continuing below the last sequence of the previous page.
     */
    List<AcceptedShare> sharesDescending(long atOrBelowSequence, int limit);

    long count();

    /** Up to {@code limit} block-finding shares, newest (highest sequence) first. */
    List<AcceptedShare> recentBlocks(int limit);

    /**
     * Stores a job and assigns its cursor (ignoring {@code job.cursor()}). A job id already stored is skipped, even if
     * the other fields differ: a job is immutable once announced to miners.
     */
    void insertJob(JobRecord job);

    /** The job with this id, with its cursor, if stored. */
    Optional<JobRecord> job(String jobId);

    /** Up to {@code limit} jobs with cursor above {@code cursor}, in cursor (insert) order; start with 0. */
    List<JobRecord> jobsAfter(long cursor, int limit);

    /** Stores a found block; a block hash already stored is skipped (use {@link #markBlock} to change acceptance). */
    void insertBlock(BlockRecord block);

    /** Every found block, by height ascending (blocks at one height by time, then hash). */
    List<BlockRecord> blocks();

    /**
     * Records whether the network accepted a found block (e.g. after the node reports it orphaned).
     *
     * @throws IllegalArgumentException if no block with that hash is stored
     */
    void markBlock(String blockHash, boolean accepted);

    /**
     * Records what became of a found block (e.g. "in_chain", "orphaned"), leaving its acceptance as it is.
     *
     * @throws IllegalArgumentException if no block with that hash is stored, or the status is blank
     */
    void markBlockStatus(String blockHash, String status);

    /**
     * Stores difficulty assignments in one transaction, in list order, each with a new sequence (ignoring
     * {@code sequence()}).
     */
    void insertDifficulties(List<DifficultyAssignment> assignments);

    /** Up to {@code limit} difficulty assignments with sequence above {@code afterSequence}, in sequence order. */
    List<DifficultyAssignment> difficultiesAfter(long afterSequence, int limit);

    /** Every setting, by key. */
    Map<String, String> settings();

    /** Sets (or replaces) one setting; keys and values are non-null text. */
    void putSetting(String key, String value);

    @Override
    void close();
}
