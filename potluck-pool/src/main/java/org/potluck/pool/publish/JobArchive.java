package org.potluck.pool.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.potluck.pool.work.Job;
import org.potluck.store.JobRecord;
import org.potluck.store.ShareStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every job the pool hands out, so that anyone can later recheck the shares made on it and the payout its
 * coinbase committed to. Two ways lead to the database, and no share waits for either:
 * <ul>
 *   <li>each share carries its job's {@link #record} into the journal ({@code ShareJournal.append(job, share)}), and
 *   the journal copier stores the job before the share: a share's job is always kept, whatever the database does;</li>
 *   <li>{@link #publish} also writes every new job to the database at once (one writer thread, in order), so that the
 *   API lists the jobs no share was made on too. While the database fails, this writer tries it at most once every
 *   {@link #RETRY_EVERY} and skips the jobs in between (it must not queue up every job of a long outage): a job
 *   made then reaches the database only if a share was made on it, through the journal.</li>
 * </ul>
 */
public final class JobArchive implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobArchive.class);
    /** While the database fails, how often a job write is tried. */
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final ShareStore store;
    private final Function<Job, String> toJson;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "job-archive"));
    /** The jobs of the newest two templates published so far (older ones are forgotten), by id. */
    private final Map<String, Archived> jobs = new ConcurrentHashMap<>();
    /** The newest template (its id: they only grow) a job was published for. */
    private final AtomicLong newestTemplate = new AtomicLong(Long.MIN_VALUE);
    /** Why the latest job write failed, null once one succeeds. */
    private volatile String failure;
    /** Writer thread only: when the latest failed write ended. */
    private long failedAtNanos;

    public JobArchive(ShareStore store, Function<Job, String> toJson) {
        this.store = store;
        this.toJson = toJson;
    }

    /**
     * Takes a new job: keeps it for {@link #record} and queues its database write. The first job on a newer template
     * forgets the jobs of the templates before the previous one: nearly every share is made on the newest two (a
     * miner gets new work at each template), and without that the archive would keep one entry, with its JSON, for
     * every job a long-running pool ever made. A share on an older job has its record made again.
     */
    public void publish(Job job) {
        long template = job.template().id();
        long previous = newestTemplate.getAndAccumulate(template, Math::max);
        if (previous < template) {
            jobs.values().removeIf(a -> a.template < previous);
        }
        Archived fresh = new Archived(job, Instant.now());
        if (jobs.putIfAbsent(job.id(), fresh) == null) {
            writer.execute(() -> write(fresh));
        }
    }

    /**
     * The job as the journal keeps it beside a share on it. Its JSON is made once per job, by whichever comes first,
     * the database writer or the first share. A job already forgotten is kept again until the next template (with
     * another creation time: the database keeps the first record of a job id).
     */
    public JobRecord record(Job job) {
        Archived archived = jobs.get(job.id());
        if (archived == null) {
            archived = jobs.computeIfAbsent(job.id(), id -> new Archived(job, Instant.now()));
        }
        return archived.record();
    }

    /** How many jobs the archive holds (bounded by the jobs of the newest two templates, and older ones in use). */
    int size() {
        return jobs.size();
    }

    /** Why the latest database write of a job failed; null if it worked. Shares are not held up meanwhile. */
    public String failure() {
        return failure;
    }

    private void write(Archived job) {
        if (failure != null && System.nanoTime() - failedAtNanos < RETRY_EVERY.toNanos()) {
            log.debug("job {} not written to the database now (it is failing); a share on it brings it later", job.id);
            return;
        }
        try {
            store.insertJob(job.record());
            if (failure != null) {
                log.info("jobs are written to the database again");
            }
            failure = null;
        } catch (RuntimeException e) {
            if (failure == null) {
                log.error(
                        "job {} could not be stored: {}. Shares are still accepted and journaled with their jobs; "
                                + "jobs no share is made on are not stored until the database takes writes again",
                        job.id,
                        e.toString());
            }
            failure = "job " + job.id + " could not be stored: " + e.getMessage();
            failedAtNanos = System.nanoTime();
        }
    }

    @Override
    public void close() {
        writer.close();
    }

    /** One published job; its record (the JSON) is made on first use and the job let go then. */
    private final class Archived {
        final String id;
        final int height;
        final long template;
        final Instant created;
        private Job job;
        private JobRecord record;

        Archived(Job job, Instant created) {
            this.id = job.id();
            this.height = job.template().height();
            this.template = job.template().id();
            this.created = created;
            this.job = job;
        }

        synchronized JobRecord record() {
            if (record == null) {
                record = JobRecord.of(id, height, created, toJson.apply(job));
                job = null; // the template behind it (with its transactions) need not outlive the JSON
            }
            return record;
        }
    }
}
