package org.potluck.pool.work;

import java.util.List;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.TxOut;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.stratum.Notify;
import org.potluck.stratum.StratumMessages;

/**
 * One unit of work: a template plus the coinbase that pays a given plan. Jobs are shared by every session whose plan
 * pays the same outputs, and never change once made.
 *
 * @param notifyLine this job's mining.notify, serialized once and spliced with each session's own job id: a block
 *                   change sends the same ~1 KB line to every session that shares the job
 */
public record Job(String id, WorkTemplate template, PayoutPlan plan, CoinbaseParts coinbase, String coinb1Hex,
                  String coinb2Hex, StratumMessages.NotifyLine notifyLine) {

    public static Job of(String id, WorkTemplate template, PayoutPlan plan, CoinbaseParts coinbase) {
        String coinb1Hex = Hex.encode(coinbase.coinb1());
        String coinb2Hex = Hex.encode(coinbase.coinb2());
        Notify fields = new Notify(id, template.prevHashNotify(), coinb1Hex, coinb2Hex, template.merkleBranchHex(),
                StratumMessages.hex32(template.version()), StratumMessages.hex32(template.nbits()),
                StratumMessages.hex32(template.curTime()), true);
        return new Job(id, template, plan, coinbase, coinb1Hex, coinb2Hex, StratumMessages.notifyLine(fields));
    }

    public List<TxOut> outputs() {
        return plan.outputs();
    }

    public Notify notify(boolean clean) {
        return new Notify(id, template.prevHashNotify(), coinb1Hex, coinb2Hex, template.merkleBranchHex(),
                StratumMessages.hex32(template.version()), StratumMessages.hex32(template.nbits()),
                StratumMessages.hex32(template.curTime()), clean);
    }
}
