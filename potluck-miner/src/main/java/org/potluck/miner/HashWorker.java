package org.potluck.miner;

import java.util.List;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;

/**
 * One hashing thread. Per extranonce2 it builds the coinbase, merkle root and header once, then only rewrites the
 * nonce (and, with version rolling, the version) inside the same 80-byte array, so the hot loop allocates nothing.
 */
final class HashWorker implements Runnable {
    /** How often (in hashes) the loop looks for new work and reports progress: about a millisecond of hashing. */
    private static final int CHECK_EVERY = 4096;

    /** Called from hashing threads when a hash meets the work's share target. */
    interface ShareSink {
        void found(Work work, byte[] extranonce2, int nonce, int version, byte[] hashInternal);
    }

    private final int index;
    private final int threads;
    private final long noncesPerHeader;
    private final WorkBoard board;
    private final HashrateMeter meter;
    private final ShareSink sink;
    private final byte[] hash = new byte[32];
    private long extranonce2Counter;

    /**
     * @param noncesPerHeader how many nonces to scan before rolling the version or moving to the next extranonce2;
     *                        2^32 in production, smaller in tests so rolling can be seen
     */
    HashWorker(int index, int threads, long noncesPerHeader, WorkBoard board, HashrateMeter meter, ShareSink sink) {
        if (noncesPerHeader < 1 || noncesPerHeader > 1L << 32) {
            throw new IllegalArgumentException("nonces per header must be in 1..2^32, got " + noncesPerHeader);
        }
        this.index = index;
        this.threads = threads;
        this.noncesPerHeader = noncesPerHeader;
        this.board = board;
        this.meter = meter;
        this.sink = sink;
    }

    @Override
    public void run() {
        Work seen = null;
        try {
            while (!board.stopped()) {
                Work work = board.current();
                if (work == null || (work == seen && !Extranonce2.fits(index, threads, work.extranonce2Size()))) {
                    work = board.awaitOther(seen);
                    if (work == null) {
                        return;
                    }
                }
                seen = work;
                if (!Extranonce2.fits(index, threads, work.extranonce2Size())) {
                    continue; // too many threads for the pool's extranonce2 size: this one idles
                }
                mine(work);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Scans one extranonce2's worth of headers, or less if the work changes. */
    private void mine(Work work) {
        MinerJob job = work.job();
        byte[] extranonce2 = Extranonce2.forThread(index, threads, extranonce2Counter++, work.extranonce2Size());
        byte[] header = headerFor(work, extranonce2);
        byte[] target = work.target32LE();
        // The top 32 bits of a little-endian hash are its last four bytes; comparing them first rejects nearly every
        // hash without a full 256-bit comparison.
        int targetTop = readIntLE(target, 28);
        int mask = work.versionMask();
        int fixedVersion = job.version() & ~mask;
        int firstBits = job.version() & mask;
        int bits = firstBits;
        do {
            int version = fixedVersion | bits;
            writeIntLE(header, 0, version);
            int sinceCheck = 0;
            for (long n = 0; n < noncesPerHeader; n++) {
                int nonce = (int) n;
                writeIntLE(header, 76, nonce);
                Sha256.sha256dInto(header, 0, 80, hash, 0);
                if (Integer.compareUnsigned(readIntLE(hash, 28), targetTop) <= 0 && Target.meets(hash, target)) {
                    sink.found(work, extranonce2, nonce, version, hash.clone());
                }
                if (++sinceCheck == CHECK_EVERY) {
                    meter.add(sinceCheck);
                    sinceCheck = 0;
                    if (board.current() != work || board.stopped()) {
                        return;
                    }
                }
            }
            meter.add(sinceCheck);
            bits = VersionRoller.next(bits, mask);
        } while (bits != firstBits);
    }

    private static byte[] headerFor(Work work, byte[] extranonce2) {
        MinerJob job = work.job();
        byte[] coinbase =
                new byte[job.coinb1().length + work.extranonce1().length + extranonce2.length + job.coinb2().length];
        int at = 0;
        for (byte[] part : List.of(job.coinb1(), work.extranonce1(), extranonce2, job.coinb2())) {
            System.arraycopy(part, 0, coinbase, at, part.length);
            at += part.length;
        }
        byte[] root = Merkle.rootFromBranch(Sha256.sha256d(coinbase), job.branch());
        return BlockHeader.build(job.version(), job.prevHashInternal(), root, job.ntime(), job.nbits(), 0);
    }

    private static int readIntLE(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void writeIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
