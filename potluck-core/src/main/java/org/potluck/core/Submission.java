package org.potluck.core;

/**
 * A share as a miner submitted it, in numbers and bytes: whatever protocol carried it has already read its form.
 *
 * @param jobId          the id the channel gave the job when it was sent ({@link SentJob#id})
 * @param extranonce2    the miner's part of the coinbase's extranonce slot
 * @param hasVersionBits whether the miner sent version bits (only then is {@code versionBits} read)
 * @param versionBits    the rolled version bits as sent (see {@link VersionBits} for the readings)
 */
public record Submission(
        long jobId, byte[] extranonce2, int ntime, int nonce, boolean hasVersionBits, int versionBits) {

    public static Submission of(long jobId, byte[] extranonce2, int ntime, int nonce) {
        return new Submission(jobId, extranonce2, ntime, nonce, false, 0);
    }

    public static Submission rolled(long jobId, byte[] extranonce2, int ntime, int nonce, int versionBits) {
        return new Submission(jobId, extranonce2, ntime, nonce, true, versionBits);
    }
}
