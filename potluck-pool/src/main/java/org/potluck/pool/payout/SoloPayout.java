package org.potluck.pool.payout;

import java.util.List;
import org.potluck.bitcoin.TxOut;
import org.potluck.pool.work.WorkTemplate;

/**
 * Solo mining: the finder's own address takes the whole reward, less an optional operator fee. The fee is rounded down
 * to the satoshi so that the miner, never the operator, gets any remainder.
 */
public final class SoloPayout implements PayoutPolicy {
    private final int feeBasisPoints;
    private final String feeAddress;
    private final byte[] feeScript;

    public SoloPayout(int feeBasisPoints, String feeAddress, byte[] feeScript) {
        if (feeBasisPoints < 0 || feeBasisPoints > 10_000) {
            throw new IllegalArgumentException("fee must be 0..10000 basis points, got " + feeBasisPoints);
        }
        if (feeBasisPoints > 0 && feeScript == null) {
            throw new IllegalArgumentException("a fee needs a fee address");
        }
        this.feeBasisPoints = feeBasisPoints;
        this.feeAddress = feeAddress;
        this.feeScript = feeScript == null ? null : feeScript.clone();
    }

    @Override
    public PayoutPlan planFor(WorkTemplate template, Miner miner) {
        long value = template.coinbaseValue();
        long fee = Math.multiplyExact(value, (long) feeBasisPoints) / 10_000;
        if (fee == 0) {
            return new PayoutPlan(List.of(new TxOut(value, miner.script())), List.of(miner.address()), null, miner.address(), 1);
        }
        return new PayoutPlan(List.of(new TxOut(value - fee, miner.script()), new TxOut(fee, feeScript)),
                List.of(miner.address(), feeAddress), null, miner.address(), 2);
    }

    @Override
    public String scheme() {
        return "solo";
    }
}
