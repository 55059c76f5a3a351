package org.potluck.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One share the pool accepted, as kept in the {@link ShareJournal} and copied into a {@link ShareStore}.
 *
 * <p>Strings are kept as given and may be null (the journal stores null distinctly from ""). The two difficulties
 * must be finite and not negative: a NaN or infinite difficulty would be credited wrongly by accounting and cannot be
 * stored faithfully by SQL databases (SQLite turns NaN into NULL), so it is refused here, at the source.
 *
 * @param sequence       assigned by the journal: 1, 2, 3, ...; 0 before the share is appended
 * @param difficulty     the share target difficulty credited to the miner
 * @param hashDifficulty the difficulty the hash actually reached
 * @param blockHash      display hex of the block hash when {@code block}, else usually null
 * @param proof          what rebuilds the share's header from its job, in the record format it was written in
 */
public record AcceptedShare(
        long sequence,
        Instant time,
        String address,
        String worker,
        String userAgent,
        String jobId,
        double difficulty,
        double hashDifficulty,
        boolean block,
        String blockHash,
        ShareProof proof) {

    public AcceptedShare {
        if (sequence < 0) {
            throw new IllegalArgumentException("share sequence must be 0 (unassigned) or positive, got " + sequence);
        }
        Objects.requireNonNull(time, "share time");
        Objects.requireNonNull(proof, "share proof");
        requireUsableDifficulty("difficulty", difficulty);
        requireUsableDifficulty("hashDifficulty", hashDifficulty);
    }

    /** The same share numbered by the journal. */
    public AcceptedShare withSequence(long seq) {
        return new AcceptedShare(
                seq, time, address, worker, userAgent, jobId, difficulty, hashDifficulty, block, blockHash, proof);
    }

    /** The same share at another time (a database keeps time to the microsecond). */
    public AcceptedShare withTime(Instant at) {
        return new AcceptedShare(
                sequence, at, address, worker, userAgent, jobId, difficulty, hashDifficulty, block, blockHash, proof);
    }

    private static void requireUsableDifficulty(String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("share " + name + " must be finite and not negative, got " + value);
        }
    }
}
