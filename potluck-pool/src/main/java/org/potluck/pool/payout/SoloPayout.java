package org.potluck.pool.payout;

import java.util.List;
import org.potluck.bitcoin.TxOut;

/**
 * Solo mining: the finder's own address takes the whole reward, less an optional operator fee. The fee is rounded down
 * to the satoshi so that the miner, never the operator, gets any remainder.
 */
public final class SoloPayout implements PayoutPolicy {
    private final int feeBasisPoints;
    private final byte[] feeScript;

    public SoloPayout(int feeBasisPoints, byte[] feeScript) {
        if (feeBasisPoints < 0 || feeBasisPoints > 10_000) {
            throw new IllegalArgumentException("fee must be 0..10000 basis points, got " + feeBasisPoints);
        }
        if (feeBasisPoints > 0 && feeScript == null) {
            throw new IllegalArgumentException("a fee needs a fee address");
        }
        this.feeBasisPoints = feeBasisPoints;
        this.feeScript = feeScript == null ? null : feeScript.clone();
    }

    @Override
    public List<TxOut> outputsFor(byte[] minerScript, long coinbaseValue) {
        long fee = Math.multiplyExact(coinbaseValue, (long) feeBasisPoints) / 10_000;
        if (fee == 0) {
            return List.of(new TxOut(coinbaseValue, minerScript));
        }
        return List.of(new TxOut(coinbaseValue - fee, minerScript), new TxOut(fee, feeScript));
    }
}
