package org.potluck.core;

import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;

/**
 * Rebuilds the header a miner hashed from the job and its submit, and says whether the hash meets the share target.
 * Pure and stateless: which jobs are known, stale or duplicated is the session's business.
 */
public final class ShareValidator {
    /** Bitcoin Core refuses headers more than two hours ahead of its clock; a little less keeps us clear of that edge. */
    static final long MAX_FUTURE_SECONDS = 7000;

    private ShareValidator() {}

    /**
     * @param extranonce1 the session's extranonce1
     * @param versionMask the mask negotiated with this miner (0 when it did not ask for version rolling)
     * @param shareTargetLE the share target (little-endian, 32 bytes) of the difficulty the job was sent with
     * @param nowSeconds the pool's clock, for the ntime window
     */
    public static ShareCheck check(
            JobSpec job,
            Submission submit,
            byte[] extranonce1,
            int extranonce2Size,
            int versionMask,
            byte[] shareTargetLE,
            long nowSeconds) {
        if (submit.extranonce2().length != extranonce2Size) {
            return ShareCheck.reject(
                    Rejection.MALFORMED_SUBMIT,
                    "extranonce2 must be " + extranonce2Size + " bytes (" + extranonce2Size * 2 + " hex digits), got "
                            + submit.extranonce2().length);
        }
        int slot = job.coinbase().extranonceSize();
        if (extranonce1.length + extranonce2Size != slot) {
            // The caller's sizes disagree with the job's coinbase: a verdict, not an exception from deep in assembly.
            return ShareCheck.reject(
                    Rejection.MALFORMED_SUBMIT,
                    "extranonce1 (" + extranonce1.length + " bytes) and extranonce2 (" + extranonce2Size
                            + " bytes) do not fill this job's " + slot + "-byte extranonce slot");
        }
        long ntime = Integer.toUnsignedLong(submit.ntime());
        if (ntime < job.template().minTime()) {
            return ShareCheck.reject(
                    Rejection.NTIME_OUT_OF_RANGE,
                    "ntime " + hex32(submit.ntime()) + " is before the template's mintime");
        }
        if (ntime > Math.max(nowSeconds, Integer.toUnsignedLong(job.template().curTime())) + MAX_FUTURE_SECONDS) {
            return ShareCheck.reject(
                    Rejection.NTIME_OUT_OF_RANGE, "ntime " + hex32(submit.ntime()) + " is too far in the future");
        }
        int jobVersion = job.template().version();
        boolean rolled = submit.hasVersionBits();
        int bits = submit.versionBits();
        int version = jobVersion;
        if (rolled) {
            if ((bits & ~versionMask) != 0) {
                return ShareCheck.reject(
                        Rejection.VERSION_BITS_OUTSIDE_MASK,
                        "version bits " + hex32(bits) + " are outside the negotiated mask " + hex32(versionMask));
            }
            version = VersionBits.bip310(jobVersion, bits, versionMask);
        }
        byte[] coinbase = job.coinbase().assemble(extranonce1, submit.extranonce2());
        byte[] root =
                Merkle.rootFromBranch(Sha256.sha256d(coinbase), job.template().merkleBranch());
        byte[] header = BlockHeader.build(
                version,
                job.template().prevHashInternal(),
                root,
                submit.ntime(),
                job.template().nbits(),
                submit.nonce());
        byte[] hash = Sha256.sha256d(header);
        byte[] networkTargetLE = job.template().networkTargetLE();
        // The network target first: when a miner's share difficulty is above the network's (testnet minimum-difficulty
        // blocks, regtest), a hash can make a block without meeting the share target, and throwing it away loses a
        // block.
        boolean block = Target.meets(hash, networkTargetLE);
        if (!block && !Target.meets(hash, shareTargetLE) && rolled && (jobVersion & versionMask) != 0) {
            // Only here do the firmware forms disagree with BIP310 (see VersionBits): try the other readings, on a copy
            // of the header so that a rejected share still reports the BIP310 header it was judged by.
            for (int other : VersionBits.otherReadings(jobVersion, bits, version)) {
                byte[] candidate = header.clone();
                BlockHeader.setVersion(candidate, other);
                byte[] candidateHash = Sha256.sha256d(candidate);
                boolean candidateBlock = Target.meets(candidateHash, networkTargetLE);
                if (candidateBlock || Target.meets(candidateHash, shareTargetLE)) {
                    version = other;
                    header = candidate;
                    hash = candidateHash;
                    block = candidateBlock;
                    break;
                }
            }
        }
        double hashDifficulty = Target.difficultyOfHash(hash);
        if (!block && !Target.meets(hash, shareTargetLE)) {
            return new ShareCheck(
                    Rejection.LOW_DIFFICULTY,
                    "low difficulty share (" + formatDifficulty(hashDifficulty) + ")",
                    header,
                    hash,
                    hashDifficulty,
                    false,
                    version);
        }
        return new ShareCheck(null, null, header, hash, hashDifficulty, block, version);
    }

    /** Eight lowercase hex digits, as the value is written in every protocol's messages and logs. */
    static String hex32(int value) {
        return String.format("%08x", value);
    }

    static String formatDifficulty(double d) {
        return d >= 1 ? String.format("%.1f", d) : String.format("%.3g", d);
    }
}
