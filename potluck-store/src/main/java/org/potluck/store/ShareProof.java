package org.potluck.store;

import java.util.Objects;

/**
 * What a share adds to its job so that anyone can rebuild the 80-byte header its miner hashed: the job gives coinb1,
 * coinb2, the merkle path, prevhash and nbits; the proof gives the rest. Two record formats exist, and a stored
 * share keeps the one it was written in (docs/share-record.md).
 */
public sealed interface ShareProof permits ShareProof.Sv1Strings, ShareProof.HeaderFields {

    /** The record format: 1 for {@link Sv1Strings}, 2 for {@link HeaderFields}. */
    int format();

    /**
     * Format 1, written before format 2 existed: the Stratum v1 {@code mining.submit} hex strings. Kept as given and
     * possibly null, so that nothing already journaled or stored changes when read back.
     *
     * @param extranonce1 the connection's extranonce1, which also names it in the difficulty assignments
     * @param versionBits the rolled bits inside the pool's mask, null if the miner did not roll
     */
    record Sv1Strings(String extranonce1, String extranonce2, String ntime, String nonce, String versionBits)
            implements ShareProof {
        public static final int FORMAT = 1;

        @Override
        public int format() {
            return FORMAT;
        }
    }

    /**
     * Format 2, the same for every protocol: the header fields as numbers and the full extranonce.
     *
     * @param protocol   what the miner spoke: "sv1" (later "sv2")
     * @param channel    the miner's channel: for sv1 its connection's extranonce1 (hex), which names its difficulty
     *                   assignments
     * @param extranonce lower-case hex of every byte placed between coinb1 and coinb2 (sv1: extranonce1 then
     *                   extranonce2); lower case so that the journal can keep the bytes and give back this same string
     * @param version    the full header version the hash was made with, not just the rolled bits
     * @param ntime      the header's time, a u32
     * @param nonce      the header's nonce, a u32
     */
    record HeaderFields(String protocol, String channel, String extranonce, int version, int ntime, int nonce)
            implements ShareProof {
        public static final int FORMAT = 2;

        public HeaderFields {
            Objects.requireNonNull(protocol, "share protocol");
            Objects.requireNonNull(channel, "share channel");
            Objects.requireNonNull(extranonce, "share extranonce");
            if (extranonce.length() % 2 != 0 || !isLowerHex(extranonce)) {
                throw new IllegalArgumentException("share extranonce must be lower-case hex of whole bytes, got \""
                        + (extranonce.length() > 80 ? extranonce.substring(0, 80) + "..." : extranonce) + "\"");
            }
        }

        @Override
        public int format() {
            return FORMAT;
        }

        private static boolean isLowerHex(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return false;
                }
            }
            return true;
        }
    }
}
