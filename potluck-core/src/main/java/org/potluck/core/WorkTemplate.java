package org.potluck.core;

import java.math.BigInteger;
import java.util.List;
import org.potluck.bitcoin.Target;

/**
 * A node's block template turned once into the byte forms every job and every share check needs, so that the hot path
 * never parses hex. Everything here is shared by all jobs built on this template, whoever they pay. No wire format:
 * each protocol skin derives its own forms (Stratum v1's word-swapped prevhash, hex branch) from these bytes.
 *
 * @param merkleBranch     the merkle path of the coinbase, internal byte order
 * @param transactionsHex  the template's transactions as the node gave them, for a found block's submitblock
 */
public record WorkTemplate(
        long id,
        int height,
        String prevHashDisplay,
        byte[] prevHashInternal,
        int version,
        int nbits,
        int curTime,
        long minTime,
        long coinbaseValue,
        List<byte[]> merkleBranch,
        List<String> transactionsHex,
        byte[] witnessCommitment,
        BigInteger networkTarget,
        byte[] networkTargetLE) {

    public boolean segwit() {
        return witnessCommitment != null;
    }

    public double networkDifficulty() {
        return Target.difficultyOf(networkTarget);
    }
}
