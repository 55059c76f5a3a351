package org.potluck.pool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.potluck.store.AcceptedShare;
import org.potluck.store.BlockRecord;
import org.potluck.store.DifficultyAssignment;
import org.potluck.store.JobRecord;
import org.potluck.store.ShareStore;

/**
 * A real database with a window on its writes: each write is told to {@code beforeWrite} (on the writing thread, just
 * before it reaches the database) as "method" or "method key" for settings, so a test can see who writes when.
 */
public final class WatchedStore implements ShareStore {
    private final ShareStore store;
    private final Consumer<String> beforeWrite;

    public WatchedStore(ShareStore store, Consumer<String> beforeWrite) {
        this.store = store;
        this.beforeWrite = beforeWrite;
    }

    @Override
    public void insert(List<AcceptedShare> shares) {
        beforeWrite.accept("insert");
        store.insert(shares);
    }

    @Override
    public long lastSequence() {
        return store.lastSequence();
    }

    @Override
    public List<AcceptedShare> sharesAfter(long afterSequence, int limit) {
        return store.sharesAfter(afterSequence, limit);
    }

    @Override
    public List<AcceptedShare> sharesDescending(long atOrBelowSequence, int limit) {
        return store.sharesDescending(atOrBelowSequence, limit);
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public List<AcceptedShare> recentBlocks(int limit) {
        return store.recentBlocks(limit);
    }

    @Override
    public void insertJob(JobRecord job) {
        beforeWrite.accept("insertJob");
        store.insertJob(job);
    }

    @Override
    public Optional<JobRecord> job(String jobId) {
        return store.job(jobId);
    }

    @Override
    public List<JobRecord> jobsAfter(long cursor, int limit) {
        return store.jobsAfter(cursor, limit);
    }

    @Override
    public void insertBlock(BlockRecord block) {
        beforeWrite.accept("insertBlock");
        store.insertBlock(block);
    }

    @Override
    public List<BlockRecord> blocks() {
        return store.blocks();
    }

    @Override
    public void markBlock(String blockHash, boolean accepted) {
        beforeWrite.accept("markBlock");
        store.markBlock(blockHash, accepted);
    }

    @Override
    public void markBlockStatus(String blockHash, String status) {
        beforeWrite.accept("markBlockStatus");
        store.markBlockStatus(blockHash, status);
    }

    @Override
    public void insertDifficulties(List<DifficultyAssignment> assignments) {
        beforeWrite.accept("insertDifficulties");
        store.insertDifficulties(assignments);
    }

    @Override
    public List<DifficultyAssignment> difficultiesAfter(long afterSequence, int limit) {
        return store.difficultiesAfter(afterSequence, limit);
    }

    @Override
    public Map<String, String> settings() {
        return store.settings();
    }

    @Override
    public void putSetting(String key, String value) {
        beforeWrite.accept("putSetting " + key);
        store.putSetting(key, value);
    }

    @Override
    public void close() {
        store.close();
    }
}
