package org.potluck.pool.stratum;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands every connection its own 4-byte extranonce1, so no two miners ever search the same space. A counter from a
 * random start: unique for 2^32 connections per pool run, and not guessable across restarts.
 */
public final class ExtranonceAllocator {
    public static final int SIZE = 4;
    private final AtomicInteger next = new AtomicInteger(new SecureRandom().nextInt());

    public byte[] allocate() {
        int v = next.getAndIncrement();
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
