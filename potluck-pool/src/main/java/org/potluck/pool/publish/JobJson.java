package org.potluck.pool.publish;

import java.util.ArrayList;
import java.util.List;
import org.potluck.accounting.Payout;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedPayout;
import org.potluck.bitcoin.Hex;
import org.potluck.core.WorkTemplate;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.work.Job;
import org.potluck.stratum.StratumMessages;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job as the pool publishes it (potluck-accounting's {@link PublishedJob}): everything needed to rebuild any share's
 * block header, and the payout its coinbase committed to. Kept as JSON in the database, served as is by the API.
 */
public final class JobJson {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private JobJson() {}

    public static String of(Job job) {
        return JSON.writeValueAsString(published(job));
    }

    public static PublishedJob published(Job job) {
        WorkTemplate t = job.template();
        PayoutPlan plan = job.plan();
        int extranonceSize = job.coinbase().extranonceSize();
        if (plan.table() != null) {
            return PublishedJob.of(
                    job.id(),
                    t.height(),
                    t.prevHashDisplay(),
                    t.version(),
                    t.nbits(),
                    t.curTime(),
                    job.coinbase().coinb1(),
                    job.coinbase().coinb2(),
                    extranonceSize,
                    t.merkleBranch(),
                    plan.table().window().endSequence(),
                    plan.finderAddress(),
                    plan.maxOutputs(),
                    plan.table());
        }
        // Solo: no table; the outputs are the finder's reward and the fee.
        List<PublishedPayout> outputs = new ArrayList<>();
        for (int i = 0; i < plan.outputs().size(); i++) {
            Payout.Kind kind = i == 0 ? Payout.Kind.MINER : Payout.Kind.FEE;
            outputs.add(new PublishedPayout(
                    plan.addresses().get(i), plan.outputs().get(i).value(), kind.name()));
        }
        return new PublishedJob(
                job.id(),
                t.height(),
                t.prevHashDisplay(),
                StratumMessages.hex32(t.version()),
                StratumMessages.hex32(t.nbits()),
                StratumMessages.hex32(t.curTime()),
                Hex.encode(job.coinbase().coinb1()),
                Hex.encode(job.coinbase().coinb2()),
                extranonceSize,
                t.merkleBranch().stream().map(Hex::encode).toList(),
                t.coinbaseValue(),
                0,
                plan.finderAddress(),
                plan.maxOutputs(),
                outputs,
                List.of(),
                List.of());
    }
}
