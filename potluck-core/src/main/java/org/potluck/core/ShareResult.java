package org.potluck.core;

/**
 * What a channel made of one submitted share: credited ({@link Accepted}, or {@link BlockFound} when it also meets the
 * network target), or {@link Rejected} with the reason as a domain value. The job type is the caller's own, handed
 * back as it was sent, so a protocol skin needs no lookup or cast to reach its payout plan.
 */
public sealed interface ShareResult<J extends JobSpec> {

    /** A share to credit: the header the pool rebuilt and judged, its hash (internal order) and what it is worth. */
    sealed interface Credited<J extends JobSpec> extends ShareResult<J> {
        SentJob<J> sent();

        byte[] header();

        byte[] hash();

        double hashDifficulty();

        /** The header version credited: the reading of the miner's version bits that met the target. */
        int version();

        default J job() {
            return sent().job();
        }

        /** The difficulty the job was sent with, which the share is credited at (never its luckier hash difficulty). */
        default double creditedDifficulty() {
            return sent().difficulty();
        }
    }

    record Accepted<J extends JobSpec>(SentJob<J> sent, byte[] header, byte[] hash, double hashDifficulty, int version)
            implements Credited<J> {}

    /** A share that meets the network target: {@code blockHex} is the whole block, ready for submitblock. */
    record BlockFound<J extends JobSpec>(
            SentJob<J> sent, byte[] header, byte[] hash, double hashDifficulty, int version, String blockHex)
            implements Credited<J> {}

    /**
     * @param reason  the text for the miner, with the values that explain it (never a key: the rejection is that)
     * @param penalty what it added to the channel's {@link FloodScore}
     * @param ban     whether the flood score is now over its limit: the miner is to be dropped and banned
     */
    record Rejected<J extends JobSpec>(Rejection rejection, String reason, double penalty, boolean ban)
            implements ShareResult<J> {}
}
