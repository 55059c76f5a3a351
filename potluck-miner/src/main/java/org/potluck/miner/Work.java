package org.potluck.miner;

/**
 * A job plus everything of the session that was in force when it arrived: the pool's difficulty and extranonce
 * take effect at the next notify (as ESP-Miner does), so each unit of work carries its own copy.
 *
 * @param session     which connection the work belongs to; shares for an older connection are never submitted
 * @param versionMask the bits the miner may roll; 0 when version rolling was not negotiated
 */
record Work(
        long session,
        MinerJob job,
        byte[] extranonce1,
        int extranonce2Size,
        double difficulty,
        byte[] target32LE,
        int versionMask) {

    Work withVersionMask(int mask) {
        return new Work(session, job, extranonce1, extranonce2Size, difficulty, target32LE, mask);
    }
}
