package org.potluck.miner;

/**
 * What a {@link CpuMiner} reports. Callbacks run on the miner's reader or hashing threads, so they must be quick and
 * thread-safe; an exception thrown by a callback is swallowed so a buggy listener cannot stop the miner.
 */
public interface MinerListener {
    default void onConnected(String extranonce1, int extranonce2Size) {}

    default void onJob(String jobId, boolean clean) {}

    default void onDifficulty(double difficulty) {}

    /** @param error the pool's message for a rejected share, null when accepted */
    default void onShare(String jobId, boolean accepted, String error, double hashDifficulty) {}

    default void onDisconnected(String reason) {}

    /** Free text: {@code client.show_message} from the pool, and the miner's own notices. */
    default void onMessage(String text) {}
}
