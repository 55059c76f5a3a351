package org.potluck.pool.payout;

import java.util.List;
import org.potluck.bitcoin.TxOut;

/** Decides the coinbase outputs of a job: who is paid what out of the block reward. */
public interface PayoutPolicy {
    /**
     * @param minerScript the scriptPubKey of the address the session authorized with
     * @param coinbaseValue the template's reward (subsidy plus fees), in satoshis
     */
    List<TxOut> outputsFor(byte[] minerScript, long coinbaseValue);
}
