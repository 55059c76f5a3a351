package org.potluck.store;

import java.time.Instant;

/**
 * Varied test shares: every field set, some blocks, a version-rolling and a non-rolling miner, mostly in record format
 * 2 with every fifth in format 1 (as journals and databases written before format 2 hold them).
 */
final class Shares {
    static final Instant BASE = Instant.parse("2025-06-01T12:00:00.123456789Z");

    private Shares() {}

    static AcceptedShare share(int i) {
        boolean block = i % 7 == 3;
        return new AcceptedShare(
                0,
                BASE.plusMillis(i * 37L),
                "bc1qminer" + (i % 5),
                "rig-" + (i % 3),
                "cgminer/4.12." + (i % 2),
                "job" + Integer.toHexString(i / 10),
                1024.0 + i,
                2048.5 * (i + 1),
                block,
                block ? "0000000000000000000%045x".formatted(i) : null,
                i % 5 == 4 ? formatOne(i) : formatTwo(i));
    }

    /** A share with every field set, Unicode and extreme u32 values included, in the format of {@code proof}. */
    static AcceptedShare full(long sequence, Instant time, ShareProof proof) {
        return new AcceptedShare(
                sequence,
                time,
                "bc1qxyz",
                "矿工-Ölfeld-🚀",
                "bmminer/2.0 «α»",
                "job-7f",
                65536.0,
                1.234567890123e9,
                true,
                "00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
                proof);
    }

    static final ShareProof FULL_FORMAT_2 = new ShareProof.HeaderFields(
            "sv1", "0a0b0c0d", "0a0b0c0d00000000000000ff", 0xffffffff, 0x6650a1b2, 0xdeadbeef);
    static final ShareProof FULL_FORMAT_1 =
            new ShareProof.Sv1Strings("0a0b0c0d", "00000000000000ff", "6650a1b2", "deadbeef", "1fffe000");

    static ShareProof.Sv1Strings formatOne(int i) {
        return new ShareProof.Sv1Strings(
                "f000000" + (i % 10),
                "0000000" + i,
                "6650a1b" + (i % 10),
                "%08x".formatted(i * 2654435761L & 0xffffffffL),
                i % 2 == 0 ? "1fffe000" : null);
    }

    static ShareProof.HeaderFields formatTwo(int i) {
        String extranonce1 = "f000000" + (i % 10);
        return new ShareProof.HeaderFields(
                "sv1",
                extranonce1,
                extranonce1 + "%016x".formatted(i),
                i % 2 == 0 ? 0x3fffe000 : 0x20000000,
                0x6650a1b0 + (i % 10),
                (int) (i * 2654435761L));
    }
}
