package org.potluck.pool.share;

import org.potluck.stratum.StratumError;

/** The verdict on one submitted share: either rejected with a code and reason, or valid with its hash and header. */
public record ShareCheck(StratumError error, String reason, byte[] header, byte[] hash, double hashDifficulty,
                         boolean meetsNetworkTarget, int version) {

    public static ShareCheck reject(StratumError error, String reason) {
        return new ShareCheck(error, reason, null, null, 0, false, 0);
    }

    public boolean valid() {
        return error == null;
    }
}
