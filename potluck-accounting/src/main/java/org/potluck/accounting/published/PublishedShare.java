package org.potluck.accounting.published;

import java.time.Instant;

/**
 * One accepted share as the public API serves it: everything a miner needs to rebuild its block header from the
 * share's job and recheck its proof of work, and the difficulty the pool credited for it.
 *
 * <p>Hex fields are as the miner submitted them in {@code mining.submit} (lower case): {@code ntime}, {@code nonce} and
 * {@code versionBits} are 8-digit big-endian u32, {@code extranonce1}/{@code extranonce2} the bytes placed between
 * coinb1 and coinb2.
 *
 * @param sequence    the share journal's sequence (1, 2, 3, ...): the cursor of every share endpoint
 * @param difficulty  the credited difficulty; printed by {@link Double#toString(double)}, so that
 *                    {@code BigDecimal.valueOf(difficulty)} gives every reader the pool's own PPLNS weight
 * @param versionBits the rolled version bits, null when the miner did not roll
 * @param blockHash   display hex of the block hash when {@code block}, else null
 */
public record PublishedShare(long sequence, Instant time, String address, String worker, String jobId,
                             String extranonce1, String extranonce2, String ntime, String nonce, String versionBits,
                             double difficulty, boolean block, String blockHash) {
}
