package org.potluck.store;

import java.time.Instant;

/** Varied test shares: every field set, some blocks, a version-rolling and a non-rolling miner. */
final class Shares {
  static final Instant BASE = Instant.parse("2025-06-01T12:00:00.123456789Z");

  private Shares() {
  }

  static AcceptedShare share(int i) {
    boolean block = i % 7 == 3;
    return new AcceptedShare(0, BASE.plusMillis(i * 37L), "bc1qminer" + (i % 5), "rig-" + (i % 3),
        "cgminer/4.12." + (i % 2), "job" + Integer.toHexString(i / 10), 1024.0 + i, 2048.5 * (i + 1), block,
        block ? "0000000000000000000%045x".formatted(i) : null, "f000000" + (i % 10), "0000000" + i,
        "6650a1b" + (i % 10), "%08x".formatted(i * 2654435761L & 0xffffffffL),
        i % 2 == 0 ? "1fffe000" : null);
  }
}
