package org.potluck.stratum;

/**
 * The miner's share of the coinbase: the pool's {@code extranonce1} (hex) and how many bytes of {@code extranonce2} the
 * miner fills in. Sent in the subscribe result and in {@code mining.set_extranonce}.
 */
public record Extranonce(String extranonce1, int extranonce2Size) {}
