package org.potluck.pool.publish;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.potluck.pool.work.Job;
import org.potluck.store.JobRecord;
import org.potluck.store.ShareStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every job the pool hands out, so that anyone can later recheck the shares made on it and the payout its coinbase
 * committed to. Jobs are written off the network threads, one writer in order; a share is journaled only after its job
 * is stored ({@link #stored}), so a crash can never leave a share that points at a job nobody can see.
 */
public final class JobArchive implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobArchive.class);

    private final ShareStore store;
    private final Function<Job, String> toJson;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "job-archive"));
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final Map<String, Integer> heights = new ConcurrentHashMap<>();
    /** The highest block height a job was published for. */
    private final AtomicInteger highestHeight = new AtomicInteger(Integer.MIN_VALUE);
    /** Why the latest job write failed, null once one succeeds: while set, shares on new jobs are refused. */
    private volatile String failure;

    public JobArchive(ShareStore store, Function<Job, String> toJson) {
        this.store = store;
        this.toJson = toJson;
    }

    /**
     * Queues a new job for storage. The first job on a higher block makes every job of a lower height stale (their
     * shares are refused before they ask for {@link #stored}), so their futures are forgotten then: without that the
     * archive would keep one entry for every job a long-running pool ever made.
     */
    public void publish(Job job) {
        int height = job.template().height();
        if (highestHeight.getAndAccumulate(height, Math::max) < height) {
            forgetBefore(height);
        }
        stored(job);
    }

    /**
     * Completes once the job is in the database (at once if it already was). A failed write is forgotten, so the next
     * share on the job tries again instead of failing for good.
     */
    public CompletableFuture<Void> stored(Job job) {
        return pending.computeIfAbsent(job.id(), id -> {
            heights.put(id, job.template().height());
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> write(job), writer);
            write.whenComplete((ok, error) -> {
                if (error != null) {
                    pending.remove(id);
                }
            });
            return write;
        });
    }

    /**
     * Forgets the futures of jobs from older blocks whose write is over; their records stay in the database. A share
     * that raced past the stale check meanwhile only queues its job's write again, which the database skips.
     */
    private void forgetBefore(int height) {
        heights.entrySet().removeIf(e -> {
            boolean old = e.getValue() < height && pending.getOrDefault(e.getKey(), CompletableFuture.completedFuture(null)).isDone();
            if (old) {
                pending.remove(e.getKey());
            }
            return old;
        });
    }

    /** How many jobs the archive holds futures for (bounded by the jobs of the current block plus unfinished writes). */
    int size() {
        return Math.max(pending.size(), heights.size());
    }

    /** Why the latest write failed (shares wait for their job, so they are refused meanwhile); null if it worked. */
    public String failure() {
        return failure;
    }

    private void write(Job job) {
        try {
            store.insertJob(JobRecord.of(job.id(), job.template().height(), Instant.now(), toJson.apply(job)));
            failure = null;
        } catch (RuntimeException e) {
            failure = "job " + job.id() + " could not be stored: " + e.getMessage();
            log.error("job {} could not be stored: {}", job.id(), e.toString());
            throw e;
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
