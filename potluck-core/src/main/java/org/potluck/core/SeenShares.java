package org.potluck.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The shares one session has had accepted on the current chain tip, known by the header they hash. The pool sends the
 * same work again under a new job id (after a difficulty change, say), so a share known only by its job id could be
 * credited once per id; the header is the work itself, whatever id or version-bits spelling it came with.
 *
 * <p>A header can only be rebuilt from this session's extranonce1, so no other session can send the same one; and a
 * share on an older tip is refused as stale before it gets here, so forgetting everything when the tip moves keeps the
 * set to one block's worth of shares (which vardiff keeps to about one per target interval). Event-loop confined.
 */
final class SeenShares {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final LongSet keys = new LongSet();
    /** The previous-block hash the kept shares build on. */
    private String tip;

    /**
     * Records a share by its header's hash; false when this session already had it. The key is the first 8 bytes of
     * the double SHA-256, which no amount of share difficulty touches (those are its high bytes): two different headers
     * of one session on one tip sharing it by chance is about n^2 / 2^65 for n shares, never in practice.
     */
    boolean firstTime(String tipPrevHash, byte[] headerHash) {
        forgetUnless(tipPrevHash);
        return keys.add(key(headerHash));
    }

    /** Takes a share back out (it could not be recorded, so a resubmission may be credited). */
    void forget(String tipPrevHash, byte[] headerHash) {
        if (tipPrevHash.equals(tip)) {
            keys.remove(key(headerHash));
        }
    }

    /** Drops everything kept for another tip than this one. */
    void forgetUnless(String tipPrevHash) {
        if (!tipPrevHash.equals(tip)) {
            keys.clear();
            tip = tipPrevHash;
        }
    }

    int size() {
        return keys.size();
    }

    private static long key(byte[] headerHash) {
        return (long) LONG_LE.get(headerHash, 0);
    }
}
