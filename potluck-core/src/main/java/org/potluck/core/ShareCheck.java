package org.potluck.core;

/**
 * The verdict on one submitted share: either rejected with a reason (and the text that explains it to the miner), or
 * valid with its hash and header. A low-difficulty share is rejected but still carries the header it was judged by.
 */
public record ShareCheck(
        Rejection rejection,
        String reason,
        byte[] header,
        byte[] hash,
        double hashDifficulty,
        boolean meetsNetworkTarget,
        int version) {

    public static ShareCheck reject(Rejection rejection, String reason) {
        return new ShareCheck(rejection, reason, null, null, 0, false, 0);
    }

    public boolean valid() {
        return rejection == null;
    }
}
