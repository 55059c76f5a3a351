package org.potluck.accounting.published;

import java.time.Instant;

/**
 * One accepted share as the public API serves it: everything a miner needs to rebuild its block header from the
 * share's job and recheck its proof of work, and the difficulty the pool credited for it.
 *
 * <p>Two record formats (docs/share-record.md); {@code format} tells them apart, and the other format's fields are
 * null. Hex is lower case; {@code version}, {@code ntime}, {@code nonce} and {@code versionBits} are 8-digit
 * big-endian u32.
 * <ul>
 *   <li>Format 2 (every share since it exists): {@code protocol} ("sv1"), {@code channel} (sv1: the connection's
 *       extranonce1), {@code extranonce} (every byte between coinb1 and coinb2), {@code version} (the full header
 *       version hashed), {@code ntime}, {@code nonce}.</li>
 *   <li>Format 1 (shares recorded before): {@code extranonce1}, {@code extranonce2}, {@code ntime}, {@code nonce}
 *       as the miner submitted them, and {@code versionBits}, the rolled bits inside the pool's mask (null when the
 *       miner did not roll). A record without {@code format} comes from a pool before format 2: it is format 1.</li>
 * </ul>
 *
 * @param format     1 or 2, never null once made (an absent format is 1)
 * @param sequence   the share journal's sequence (1, 2, 3, ...): the cursor of every share endpoint
 * @param difficulty the credited difficulty; printed by {@link Double#toString(double)}, so that
 *                   {@code BigDecimal.valueOf(difficulty)} gives every reader the pool's own PPLNS weight
 * @param blockHash  display hex of the block hash when {@code block}, else null
 */
public record PublishedShare(
        long sequence,
        Instant time,
        String address,
        String worker,
        String jobId,
        Integer format,
        String protocol,
        String channel,
        String extranonce,
        String version,
        String extranonce1,
        String extranonce2,
        String ntime,
        String nonce,
        String versionBits,
        double difficulty,
        boolean block,
        String blockHash) {
    public static final int FORMAT_1 = 1;
    public static final int FORMAT_2 = 2;

    public PublishedShare {
        if (format == null) {
            format = FORMAT_1; // absent: served (or stored by a verifier) before format 2; boxed so that it may be
        }
    }

    /** A format-2 share; {@code version}, {@code ntime} and {@code nonce} are the header's u32 values. */
    public static PublishedShare formatTwo(
            long sequence,
            Instant time,
            String address,
            String worker,
            String jobId,
            String protocol,
            String channel,
            String extranonce,
            int version,
            int ntime,
            int nonce,
            double difficulty,
            boolean block,
            String blockHash) {
        return new PublishedShare(
                sequence,
                time,
                address,
                worker,
                jobId,
                FORMAT_2,
                protocol,
                channel,
                extranonce,
                U32Hex.format(version),
                null,
                null,
                U32Hex.format(ntime),
                U32Hex.format(nonce),
                null,
                difficulty,
                block,
                blockHash);
    }

    /** A format-1 share, its Stratum v1 strings as they were recorded. */
    public static PublishedShare formatOne(
            long sequence,
            Instant time,
            String address,
            String worker,
            String jobId,
            String extranonce1,
            String extranonce2,
            String ntime,
            String nonce,
            String versionBits,
            double difficulty,
            boolean block,
            String blockHash) {
        return new PublishedShare(
                sequence,
                time,
                address,
                worker,
                jobId,
                FORMAT_1,
                null,
                null,
                null,
                null,
                extranonce1,
                extranonce2,
                ntime,
                nonce,
                versionBits,
                difficulty,
                block,
                blockHash);
    }

    /**
     * The connection the share came on, as the difficulty assignments name it: its channel in format 2, its
     * extranonce1 in format 1. (Not a getter, so JSON leaves it out.)
     */
    public String connection() {
        return format == FORMAT_1 ? extranonce1 : channel;
    }
}
