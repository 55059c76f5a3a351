package org.potluck.core;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;

/**
 * Templates, jobs and shares for the core's rule tests, mined in the test as a miner would: the header is built from
 * the job's bytes and nonces are tried until the hash is one the test wants. Share difficulties are around 1e-5 (tens
 * of thousands of hashes), so a share takes milliseconds.
 */
final class Shares {
    /** Mainnet's difficulty 1: no share at a tiny difficulty is a block by accident. */
    static final int DIFFICULTY_1_BITS = 0x1d00ffff;
    /** Regtest's: about every other hash is a block. */
    static final int REGTEST_BITS = 0x207fffff;

    static final int NTIME = 1_700_000_000;
    static final long MIN_TIME = NTIME - 3600L;
    static final int VERSION = 0x20000000;
    static final byte[] EXTRANONCE1 = Hex.decode("0a0b0c0d");
    static final int EXTRANONCE2_SIZE = 8;
    private static final CoinbaseParts COINBASE = new CoinbaseParts(
            Hex.decode("01000000010000"), Hex.decode("ffffffff00"), EXTRANONCE1.length + EXTRANONCE2_SIZE);
    private static final List<byte[]> BRANCH = List.of(Sha256.sha256d("a transaction".getBytes()));
    private static final int MAX_TRIES = 50_000_000;

    private Shares() {}

    /** A template on the tip named by {@code tip} (any text: its hash is the previous block's). */
    static WorkTemplate template(long id, String tip, int nbits) {
        byte[] prevHash = Sha256.sha256d(tip.getBytes());
        BigInteger networkTarget = Target.fromBits(nbits);
        return new WorkTemplate(
                id,
                800_000,
                BlockHeader.displayFromInternal(prevHash),
                prevHash,
                VERSION,
                nbits,
                NTIME,
                MIN_TIME,
                312_500_000L,
                BRANCH,
                List.of("00"),
                null,
                networkTarget,
                Target.toLittleEndian32(networkTarget));
    }

    static TestJob job(String id, WorkTemplate template) {
        return new TestJob(id, template, COINBASE);
    }

    static byte[] extranonce2(long n) {
        byte[] en2 = new byte[EXTRANONCE2_SIZE];
        for (int i = 0; i < EXTRANONCE2_SIZE; i++) {
            en2[EXTRANONCE2_SIZE - 1 - i] = (byte) (n >>> (8 * i));
        }
        return en2;
    }

    /** The header a miner hashes for this job, extranonce2, time, version and nonce. */
    static byte[] header(JobSpec job, byte[] extranonce2, int ntime, int version, int nonce) {
        byte[] coinbase = job.coinbase().assemble(EXTRANONCE1, extranonce2);
        byte[] root =
                Merkle.rootFromBranch(Sha256.sha256d(coinbase), job.template().merkleBranch());
        return BlockHeader.build(
                version,
                job.template().prevHashInternal(),
                root,
                ntime,
                job.template().nbits(),
                nonce);
    }

    /** The first nonce whose header hash (job version, template time) the test wants. */
    static int grind(JobSpec job, byte[] extranonce2, Predicate<byte[]> wanted) {
        byte[] header = header(job, extranonce2, NTIME, job.template().version(), 0);
        for (int nonce = 0; nonce < MAX_TRIES; nonce++) {
            BlockHeader.setNonce(header, nonce);
            if (wanted.test(Sha256.sha256d(header))) {
                return nonce;
            }
        }
        throw new AssertionError("no wanted hash in " + MAX_TRIES + " nonces");
    }

    /** A share for the sent job that meets its difficulty and not the network target. */
    static Submission share(SentJob<?> sent, long extranonce2) {
        byte[] en2 = extranonce2(extranonce2);
        BigInteger network = sent.job().template().networkTarget();
        int nonce = grind(sent.job(), en2, meets(sent.difficulty()).and(hash -> !Target.meets(hash, network)));
        return Submission.of(sent.id(), en2, NTIME, nonce);
    }

    static Predicate<byte[]> meets(double difficulty) {
        BigInteger target = Target.fromDifficulty(difficulty);
        return hash -> Target.meets(hash, target);
    }
}
