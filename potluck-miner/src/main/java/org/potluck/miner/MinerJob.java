package org.potluck.miner;

import java.util.List;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.stratum.Notify;

/**
 * One {@code mining.notify} in the bytes and numbers the hashing threads use, converted once so they never parse text.
 * The form of the notify was checked by potluck-stratum ({@link Notify#fromParams}).
 */
record MinerJob(
        String jobId,
        byte[] prevHashInternal,
        byte[] coinb1,
        byte[] coinb2,
        List<byte[]> branch,
        int version,
        int nbits,
        int ntime,
        boolean clean) {

    static MinerJob of(Notify n) {
        return new MinerJob(
                n.jobId(),
                BlockHeader.prevHashFromNotify(n.prevHash()),
                Hex.decode(n.coinb1()),
                Hex.decode(n.coinb2()),
                n.merkleBranch().stream().map(Hex::decode).toList(),
                Integer.parseUnsignedInt(n.version(), 16),
                Integer.parseUnsignedInt(n.nbits(), 16),
                Integer.parseUnsignedInt(n.ntime(), 16),
                n.cleanJobs());
    }
}
