package org.potluck.bitcoin;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 and Bitcoin's double SHA-256. Each thread keeps its own MessageDigest (they are not thread-safe and costly
 * to look up), and the JDK's implementation is intrinsified with SHA-NI where the CPU has it, which is why this is
 * not hand-written. The {@code ...Into} variants write into caller buffers so per-share paths need no allocation.
 */
public final class Sha256 {
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private Sha256() {}

    public static byte[] sha256(byte[] data) {
        MessageDigest md = STATE.get().md;
        return md.digest(data);
    }

    public static byte[] sha256d(byte[] data) {
        return sha256d(data, 0, data.length);
    }

    public static byte[] sha256d(byte[] data, int off, int len) {
        byte[] out = new byte[32];
        sha256dInto(data, off, len, out, 0);
        return out;
    }

    /** sha256d(a || b) without building the concatenation. */
    public static byte[] sha256d(byte[] a, byte[] b) {
        State s = STATE.get();
        s.md.update(a);
        s.md.update(b);
        byte[] out = new byte[32];
        secondRound(s, out, 0);
        return out;
    }

    /** Writes sha256d(data[off..off+len)) into out[outOff..outOff+32). The input and output may overlap. */
    public static void sha256dInto(byte[] data, int off, int len, byte[] out, int outOff) {
        State s = STATE.get();
        s.md.update(data, off, len);
        secondRound(s, out, outOff);
    }

    private static void secondRound(State s, byte[] out, int outOff) {
        try {
            s.md.digest(s.first, 0, 32);
            s.md.update(s.first, 0, 32);
            s.md.digest(out, outOff, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output buffer too small", e);
        }
    }

    private static final class State {
        final MessageDigest md;
        final byte[] first = new byte[32];

        State() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }
    }
}
