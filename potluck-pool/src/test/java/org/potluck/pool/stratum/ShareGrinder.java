package org.potluck.pool.stratum;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;

/**
 * Mines in the test, the way a miner does: builds the header from the notify fields (protocol-notes, "Building the
 * header from notify fields") and tries nonces until the hash is one the test wants. Share difficulties in these tests
 * are around 1e-6 (a few thousand hashes), so this takes milliseconds.
 */
final class ShareGrinder {
    private static final int MAX_TRIES = 50_000_000;

    /** What a miner submits, and the hash it found (internal byte order). */
    record Solution(String extranonce2, String ntime, String nonce, String versionBits, byte[] hash) {}

    private ShareGrinder() {}

    /** A share that meets the work's difficulty, with the header version left as the job's. */
    static Solution validShare(Work work, long extranonce2) {
        return grind(work, extranonce2, work.versionValue(), null, meetsDifficulty(work.difficulty()));
    }

    /**
     * @param headerVersion the version to hash with (for version rolling: the job's version with the rolled bits)
     * @param versionBits   the sixth submit param, or null for a miner that does not roll versions
     */
    static Solution grind(
            Work work, long extranonce2, int headerVersion, String versionBits, Predicate<byte[]> wanted) {
        String en2 = work.extranonce2(extranonce2);
        byte[] header = header(work, en2, headerVersion, 0);
        for (int nonce = 0; nonce < MAX_TRIES; nonce++) {
            BlockHeader.setNonce(header, nonce);
            byte[] hash = Sha256.sha256d(header);
            if (wanted.test(hash)) {
                return new Solution(en2, work.ntime(), String.format("%08x", nonce), versionBits, hash);
            }
        }
        throw new AssertionError("no wanted hash in " + MAX_TRIES + " nonces");
    }

    /** The hash of a solution's header with another version: what a pool reading the version bits otherwise gets. */
    static byte[] hashWithVersion(Work work, Solution solution, int headerVersion) {
        return Sha256.sha256d(
                header(work, solution.extranonce2(), headerVersion, Integer.parseUnsignedInt(solution.nonce(), 16)));
    }

    private static byte[] header(Work work, String extranonce2Hex, int headerVersion, int nonce) {
        byte[] coinbase = Hex.decode(work.coinb1() + work.extranonce1() + extranonce2Hex + work.coinb2());
        List<byte[]> branch = work.branch().stream().map(Hex::decode).toList();
        byte[] root = Merkle.rootFromBranch(Sha256.sha256d(coinbase), branch);
        return BlockHeader.build(
                headerVersion,
                BlockHeader.prevHashFromNotify(work.prevHash()),
                root,
                work.ntimeValue(),
                Integer.parseUnsignedInt(work.nbits(), 16),
                nonce);
    }

    static Predicate<byte[]> meetsDifficulty(double difficulty) {
        BigInteger target = Target.fromDifficulty(difficulty);
        return hash -> Target.meets(hash, target);
    }

    /** A hash that is neither a share at this work's difficulty nor a block: only good for a low-difficulty reject. */
    static Predicate<byte[]> belowShareAndNetworkTarget(Work work) {
        BigInteger network = Target.fromBits(Integer.parseUnsignedInt(work.nbits(), 16));
        return meetsDifficulty(work.difficulty()).negate().and(hash -> !Target.meets(hash, network));
    }
}
