package org.potluck.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;

/**
 * {@code potluck verify}: downloads what the pool published into the verifier's own database, resuming where the last
 * run stopped, and checks every share's proof of work, every job's payout table and coinbase, and every found block's
 * coinbase (also from the miner's own node when one is given).
 *
 * <p>Usage: {@code Verdict v = new Verifier(options, System.out).run(); System.exit(v.exitCode());}. Problems are
 * printed as they are found; {@link Verdict#report()} is the summary. With {@code follow}, {@link #run} keeps going
 * until {@link #stop} is called (it then checks what it received and returns) or the thread is interrupted.
 * Failures to reach the pool or open the database throw {@link VerifyException} (exit code
 * {@link Verdict#EXIT_UNVERIFIABLE}).
 */
public final class Verifier {
    private final VerifyOptions options;
    private final PrintStream out;
    private volatile boolean stopped;

    public Verifier(VerifyOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Ends a following run at its next round. */
    public void stop() {
        stopped = true;
    }

    public Verdict run() {
        List<Problem> problems = new ArrayList<>();
        try (PoolClient pool = new PoolClient(options.pool());
                VerifierDb db = new VerifierDb(options.database(), pool.base().toString());
                WitnessNode node =
                        options.node() == null ? null : new WitnessNode(options.node(), options.nodeCookie())) {
            if (node != null) {
                node.blockCount(); // the verifier's own side first: an unusable node is "could not verify"
            }
            PublishedRules rules = pool.rules();
            Audit audit = new Audit(db, rules, id -> fetchJob(pool, db, id), node, p -> {
                problems.add(p);
                out.println("MISMATCH " + p);
            });
            round(pool, db, audit, true, !options.follow());
            if (options.follow()) {
                follow(pool, db, audit);
            }
            return new Verdict(
                    pool.base().toString(),
                    problems,
                    audit.notes(),
                    audit.unverified(),
                    audit.sharesChecked(),
                    audit.jobsChecked(),
                    audit.blocksChecked());
        }
    }

    /**
     * Runs, prints the report and returns the exit code: 0 all correct, 1 a mismatch in the pool's record, 2 could not
     * verify. Anything failing on the verifier's side (its node, its database, reaching the pool) is 2, never 1.
     */
    public int runAndReport(PrintStream err) {
        try {
            Verdict verdict = run();
            out.println(verdict.report());
            return verdict.exitCode();
        } catch (VerifyException e) {
            err.println("potluck verify: could not verify: " + e.getMessage());
            return Verdict.EXIT_UNVERIFIABLE;
        }
    }

    /** Blocks, then jobs, then shares, then jobs again: everything a record points at is fetched before it is checked. */
    private void round(PoolClient pool, VerifierDb db, Audit audit, boolean downloadShares, boolean last) {
        List<PublishedBlock> blocks = pool.blocks();
        syncJobs(pool, db, audit);
        if (downloadShares) {
            while (true) {
                List<PublishedShare> page = pool.sharesAfter(db.lastShareSequence());
                store(db, audit, page);
                if (page.size() < PoolClient.PAGE) {
                    break;
                }
            }
        }
        syncJobs(pool, db, audit);
        // After the shares: the assignments their connections got are stored before they are.
        syncDifficulties(pool, db, audit);
        audit.checkShares(blocks, last);
        audit.checkJobs(blocks);
        audit.checkBlocks(blocks);
    }

    private void follow(PoolClient pool, VerifierDb db, Audit audit) {
        LinkedBlockingQueue<PublishedShare> live = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual()
                .name("verify-share-stream")
                .start(() -> pool.follow(db.lastShareSequence(), live::add, () -> stopped));
        try {
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                long until = System.nanoTime() + options.pollInterval().toNanos();
                List<PublishedShare> batch = new ArrayList<>();
                long left;
                while ((left = until - System.nanoTime()) > 0 && !stopped) {
                    PublishedShare share =
                            live.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                    if (share != null) {
                        batch.add(share);
                        live.drainTo(batch);
                    }
                }
                store(db, audit, batch);
                round(pool, db, audit, false, false);
            }
            // Stopping finishes what was received: a last round over the shares still queued.
            if (!Thread.currentThread().isInterrupted()) {
                List<PublishedShare> rest = new ArrayList<>();
                live.drainTo(rest);
                store(db, audit, rest);
                round(pool, db, audit, false, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            reader.interrupt();
        }
    }

    private static void store(VerifierDb db, Audit audit, List<PublishedShare> shares) {
        for (VerifierDb.Changed changed : db.insertShares(shares)) {
            audit.problem(
                    Problem.Kind.SHARE,
                    changed.id(),
                    "the pool published it again with other contents: first " + changed.before() + ", now "
                            + changed.after());
        }
    }

    private static void syncJobs(PoolClient pool, VerifierDb db, Audit audit) {
        while (true) {
            List<PublishedJobEntry> page = pool.jobsAfter(db.lastJobCursor());
            for (VerifierDb.Changed changed : db.insertJobs(page)) {
                audit.problem(
                        Problem.Kind.JOB,
                        changed.id(),
                        "the pool published it again with other contents: first " + changed.before() + ", now "
                                + changed.after());
            }
            if (page.size() < PoolClient.PAGE) {
                return;
            }
        }
    }

    private static void syncDifficulties(PoolClient pool, VerifierDb db, Audit audit) {
        while (true) {
            Optional<List<PublishedDifficulty>> page = pool.difficultiesAfter(db.lastDifficultySequence());
            if (page.isEmpty()) {
                audit.difficultiesPublished(false);
                return;
            }
            for (VerifierDb.Changed changed : db.insertDifficulties(page.get())) {
                audit.problem(
                        Problem.Kind.POOL,
                        "difficulty assignment " + changed.id(),
                        "the pool published it again" + " with other contents: first " + changed.before() + ", now "
                                + changed.after());
            }
            if (page.get().size() < PoolClient.PAGE) {
                audit.difficultiesPublished(true);
                return;
            }
        }
    }

    /** A job a share names but the job list has not shown yet: asked for directly, and kept. */
    private static Optional<PublishedJob> fetchJob(PoolClient pool, VerifierDb db, String id) {
        Optional<PublishedJob> job = pool.job(id);
        job.ifPresent(j -> db.insertJobs(List.of(new PublishedJobEntry(0, j))));
        return job;
    }
}
