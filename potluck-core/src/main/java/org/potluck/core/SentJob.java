package org.potluck.core;

/**
 * A job as one channel received it: the id it was sent under and the difficulty it was sent with (a share is credited
 * at the difficulty of the job it was mined on, as ESP-Miner applies set_difficulty at the next notify). The same job
 * may be sent under several ids; duplicates are found by header, not by id ({@link SeenShares}).
 *
 * @param targetLE the share target of {@code difficulty}, little-endian, 32 bytes; shared, never written
 */
public record SentJob<J extends JobSpec>(long id, J job, double difficulty, byte[] targetLE) {}
