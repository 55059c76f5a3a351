package org.potluck.pool.share;

import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;
import org.potluck.pool.work.Job;
import org.potluck.stratum.StratumError;
import org.potluck.stratum.Submit;

/**
 * Rebuilds the header a miner hashed from the job and its submit, and says whether the hash meets the share target.
 * Pure and stateless: which jobs are known, stale or duplicated is the session's business.
 */
public final class ShareValidator {
    /** Bitcoin Core refuses headers more than two hours ahead of its clock; a little less keeps us clear of that edge. */
    static final long MAX_FUTURE_SECONDS = 7000;

    private ShareValidator() {
    }

    /**
     * @param extranonce1 the session's extranonce1
     * @param versionMask the mask negotiated with this miner (0 when it did not ask for version rolling)
     * @param shareTargetLE the share target (little-endian, 32 bytes) of the difficulty the job was sent with
     * @param nowSeconds the pool's clock, for the ntime window
     */
    public static ShareCheck check(Job job, Submit submit, byte[] extranonce1, int extranonce2Size, int versionMask,
                                   byte[] shareTargetLE, long nowSeconds) {
        if (submit.extranonce2().length() != extranonce2Size * 2) {
            return ShareCheck.reject(StratumError.OTHER, "extranonce2 must be " + extranonce2Size + " bytes ("
                    + extranonce2Size * 2 + " hex digits), got " + submit.extranonce2().length() / 2);
        }
        int slot = job.coinbase().extranonceSize();
        if (extranonce1.length + extranonce2Size != slot) {
            // The caller's sizes disagree with the job's coinbase: a verdict, not an exception from deep in assembly.
            return ShareCheck.reject(StratumError.OTHER, "extranonce1 (" + extranonce1.length + " bytes) and extranonce2 ("
                    + extranonce2Size + " bytes) do not fill this job's " + slot + "-byte extranonce slot");
        }
        long ntime = Integer.toUnsignedLong(submit.ntime());
        if (ntime < job.template().minTime()) {
            return ShareCheck.reject(StratumError.OTHER, "ntime " + submit.ntimeHex() + " is before the template's mintime");
        }
        if (ntime > Math.max(nowSeconds, Integer.toUnsignedLong(job.template().curTime())) + MAX_FUTURE_SECONDS) {
            return ShareCheck.reject(StratumError.OTHER, "ntime " + submit.ntimeHex() + " is too far in the future");
        }
        int version = job.template().version();
        if (submit.versionBits() != null) {
            int bits = submit.versionBits();
            if ((bits & ~versionMask) != 0) {
                return ShareCheck.reject(StratumError.OTHER, "version bits " + submit.versionBitsHex()
                        + " are outside the negotiated mask " + String.format("%08x", versionMask));
            }
            version = (version & ~versionMask) | (bits & versionMask);
        }
        byte[] coinbase = job.coinbase().assemble(extranonce1, Hex.decode(submit.extranonce2()));
        byte[] root = Merkle.rootFromBranch(Sha256.sha256d(coinbase), job.template().merkleBranch());
        byte[] header = BlockHeader.build(version, job.template().prevHashInternal(), root, submit.ntime(),
                job.template().nbits(), submit.nonce());
        byte[] hash = Sha256.sha256d(header);
        double hashDifficulty = Target.difficultyOfHash(hash);
        // The network target first: when a miner's share difficulty is above the network's (testnet minimum-difficulty
        // blocks, regtest), a hash can make a block without meeting the share target, and throwing it away loses a block.
        boolean block = Target.meets(hash, job.template().networkTargetLE());
        if (!block && !Target.meets(hash, shareTargetLE)) {
            return new ShareCheck(StratumError.LOW_DIFFICULTY, "low difficulty share (" + formatDifficulty(hashDifficulty) + ")",
                    header, hash, hashDifficulty, false, version);
        }
        return new ShareCheck(null, null, header, hash, hashDifficulty, block, version);
    }

    static String formatDifficulty(double d) {
        return d >= 1 ? String.format("%.1f", d) : String.format("%.3g", d);
    }
}
