package org.potluck.pool.publish;

import org.potluck.accounting.Credit;
import org.potluck.accounting.Payout;
import org.potluck.accounting.PayoutTable;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.work.Job;
import org.potluck.stratum.StratumMessages;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job as the pool publishes it: everything needed to rebuild any share's block header (prevhash, version, nbits,
 * coinbase halves, merkle branch) and the payout its coinbase committed to, with the window and credits behind it.
 */
public final class JobJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JobJson() {
    }

    public static String of(Job job) {
        return JSON.writeValueAsString(tree(job));
    }

    public static ObjectNode tree(Job job) {
        var t = job.template();
        PayoutPlan plan = job.plan();
        ObjectNode o = JSON.createObjectNode();
        o.put("jobId", job.id());
        o.put("height", t.height());
        o.put("prevHash", t.prevHashDisplay());
        o.put("version", StratumMessages.hex32(t.version()));
        o.put("nbits", StratumMessages.hex32(t.nbits()));
        o.put("ntime", StratumMessages.hex32(t.curTime()));
        o.put("coinb1", job.coinb1Hex());
        o.put("coinb2", job.coinb2Hex());
        ArrayNode branch = o.putArray("merkleBranch");
        t.merkleBranchHex().forEach(branch::add);
        o.put("coinbaseValue", t.coinbaseValue());
        o.put("finderAddress", plan.finderAddress());
        o.put("maxOutputs", plan.maxOutputs());
        ArrayNode outputs = o.putArray("outputs");
        for (int i = 0; i < plan.outputs().size(); i++) {
            outputs.addObject().put("address", plan.addresses().get(i)).put("sats", plan.outputs().get(i).value());
        }
        PayoutTable table = plan.table();
        if (table != null) {
            o.put("windowEndSequence", table.window().endSequence());
            o.put("windowStartSequence", table.window().startSequence());
            o.put("windowShares", table.window().shareCount());
            o.put("windowTotal", table.window().total().toPlainString());
            ObjectNode payout = o.putObject("payout");
            ArrayNode rows = payout.putArray("outputs");
            for (Payout p : table.outputs()) {
                rows.addObject().put("address", p.address()).put("sats", p.sats()).put("kind", p.kind().name());
            }
            credits(payout.putArray("offeredCredits"), table.offeredCredits());
            credits(payout.putArray("excluded"), table.excluded());
        }
        return o;
    }

    private static void credits(ArrayNode array, java.util.List<Credit> credits) {
        for (Credit c : credits) {
            array.addObject().put("address", c.address()).put("sats", c.sats()).put("sinceHeight", c.sinceHeight());
        }
    }
}
