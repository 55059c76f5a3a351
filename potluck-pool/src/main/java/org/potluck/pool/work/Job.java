package org.potluck.pool.work;

import java.util.List;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.JobSpec;
import org.potluck.core.WorkTemplate;
import org.potluck.pool.payout.PayoutPlan;

/**
 * One unit of work: a template plus the coinbase that pays a given plan. Jobs are shared by every session whose plan
 * pays the same outputs, and never change once made.
 *
 * <p>The core sees this as a {@link JobSpec} (bytes and outputs); the plan rides along for the pool's own uses (the
 * published job, a found block's bookkeeping). Pairing them in one record, rather than a core spec with an opaque
 * reference beside it, keeps one object per job and lets the core's results hand this very job back. How the job is
 * spelled on a wire (Stratum v1's notify line) is the protocol skin's business and cached there.
 */
public record Job(String id, WorkTemplate template, PayoutPlan plan, CoinbaseParts coinbase) implements JobSpec {

    @Override
    public List<TxOut> outputs() {
        return plan.outputs();
    }
}
