package org.potluck.pool.work;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Target;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.node.TemplateTx;

/** Reads a node's {@code getblocktemplate} answer into the core's {@link WorkTemplate} (here: the core has no node client). */
public final class WorkTemplates {
    private WorkTemplates() {}

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
        // A commitment is only allowed once segwit is active; bcoin regtest offers one before it is (see
        // regtest-node.md).
        boolean segwit =
                t.rules() != null && (t.rules().contains("segwit") || t.rules().contains("!segwit"));
        byte[] commitment =
                segwit && t.defaultWitnessCommitment() != null ? Hex.decode(t.defaultWitnessCommitment()) : null;
        return new WorkTemplate(
                id,
                t.height(),
                t.previousBlockHash(),
                Hex.reversed(Hex.decode(t.previousBlockHash())),
                t.version(),
                nbits,
                (int) t.curTime(),
                t.minTime(),
                t.coinbaseValue(),
                List.copyOf(branch),
                List.copyOf(raw),
                commitment,
                target,
                Target.toLittleEndian32(target));
    }
}
