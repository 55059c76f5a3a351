package org.potluck.pool.work;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.potluck.bitcoin.CoinbaseBuilder;
import org.potluck.core.ChainTip;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.pool.payout.PayoutPlan;

/**
 * The current template and the jobs made from it. Jobs are made lazily, one per distinct set of payout outputs, and are
 * shared by every session that pays those outputs (in solo mode: one per address).
 */
public final class JobBoard implements ChainTip {
    private final Consumer<Job> jobMade;
    private final int extranonceSize;
    private final byte[] coinbaseTag;
    private final AtomicLong templateIds = new AtomicLong();
    private final AtomicLong jobIds = new AtomicLong();
    /**
     * Job ids are published and stored, so they must never repeat, not even across restarts: each run numbers its jobs
     * after the time it started (the per-session ids miners see stay short).
     */
    private final String runPrefix = Long.toHexString(System.currentTimeMillis()) + "-";

    private volatile Generation current;

    private record Generation(WorkTemplate template, Map<String, Job> jobs) {}

    /** @param jobMade told of every new job before any miner sees it (the pool publishes jobs for verification) */
    public JobBoard(int extranonceSize, byte[] coinbaseTag, Consumer<Job> jobMade) {
        this.jobMade = jobMade;
        this.extranonceSize = extranonceSize;
        this.coinbaseTag = coinbaseTag.clone();
    }

    /** Installs a new template; returns it. Jobs made from older templates stay valid until the previous block changes. */
    public WorkTemplate install(BlockTemplate template) {
        WorkTemplate work = WorkTemplates.from(templateIds.incrementAndGet(), template);
        current = new Generation(work, new ConcurrentHashMap<>());
        return work;
    }

    public WorkTemplate template() {
        Generation g = current;
        return g == null ? null : g.template();
    }

    /**
     * The job paying this plan on the template it was made for, made on first use. A plan made for an older template
     * (a new one arrived meanwhile) still gets its job: the session will get the newer work with the next notify.
     */
    public Job jobFor(WorkTemplate template, PayoutPlan plan) {
        Generation g = current;
        if (g == null) {
            throw new IllegalStateException("no template yet");
        }
        if (g.template() != template) {
            return build(template, plan);
        }
        // The key is cached in the plan: a shared (PPLNS) plan is hex-encoded once, not once per session per block.
        return g.jobs().computeIfAbsent(plan.outputsKey(), key -> build(g.template(), plan));
    }

    /** Whether a template is still on the current chain tip (a share on an older tip can no longer make a block). */
    @Override
    public boolean isCurrent(WorkTemplate template) {
        Generation g = current;
        return g != null && g.template().prevHashDisplay().equals(template.prevHashDisplay());
    }

    private Job build(WorkTemplate t, PayoutPlan plan) {
        var parts = new CoinbaseBuilder()
                .height(t.height())
                .extranonceSize(extranonceSize)
                .tag(coinbaseTag)
                .outputs(plan.outputs())
                .witnessCommitment(t.witnessCommitment())
                .build();
        Job job = new Job(runPrefix + Long.toHexString(jobIds.incrementAndGet()), t, plan, parts);
        jobMade.accept(job);
        return job;
    }
}
