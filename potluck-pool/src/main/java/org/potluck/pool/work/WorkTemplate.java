package org.potluck.pool.work;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Target;
import org.potluck.node.BlockTemplate;
import org.potluck.node.TemplateTx;

/**
 * A node's block template turned once into the byte forms every job and every share check needs, so that the hot path
 * never parses hex. Everything here is shared by all jobs built on this template, whoever they pay.
 */
public record WorkTemplate(long id, int height, String prevHashDisplay, byte[] prevHashInternal, String prevHashNotify,
                           int version, int nbits, int curTime, long minTime, long coinbaseValue,
                           List<byte[]> merkleBranch, List<String> merkleBranchHex, List<String> transactionsHex,
                           byte[] witnessCommitment, BigInteger networkTarget, byte[] networkTargetLE) {

    public static WorkTemplate from(long id, BlockTemplate t) {
        List<byte[]> txids = new ArrayList<>(t.transactions().size());
        List<String> raw = new ArrayList<>(t.transactions().size());
        for (TemplateTx tx : t.transactions()) {
            txids.add(Hex.reversed(Hex.decode(tx.txid())));
            raw.add(tx.data());
        }
        List<byte[]> branch = Merkle.branch(txids);
        int nbits = Integer.parseUnsignedInt(t.bits(), 16);
        BigInteger target = Target.fromBits(nbits);
        // A commitment is only allowed once segwit is active; bcoin regtest offers one before it is (see regtest-node.md).
        boolean segwit = t.rules() != null && (t.rules().contains("segwit") || t.rules().contains("!segwit"));
        byte[] commitment = segwit && t.defaultWitnessCommitment() != null ? Hex.decode(t.defaultWitnessCommitment()) : null;
        return new WorkTemplate(id, t.height(), t.previousBlockHash(), Hex.reversed(Hex.decode(t.previousBlockHash())),
                BlockHeader.notifyPrevHash(t.previousBlockHash()), t.version(), nbits, (int) t.curTime(), t.minTime(),
                t.coinbaseValue(), List.copyOf(branch), branch.stream().map(Hex::encode).toList(), List.copyOf(raw),
                commitment, target, Target.toLittleEndian32(target));
    }

    public boolean segwit() {
        return witnessCommitment != null;
    }

    public double networkDifficulty() {
        return Target.difficultyOf(networkTarget);
    }
}
