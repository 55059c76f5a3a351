package org.potluck.bitcoin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Proof-of-work targets and difficulties. Difficulty = DIFF1 / target, with DIFF1 = 0xFFFF * 2^208 (the "pool
 * difficulty 1" convention, as Bitcoin Core's getdifficulty). Difficulties are doubles and may be far below 1.
 * Hashes are compared as 256-bit little-endian numbers (LE256 of the internal byte order).
 */
public final class Target {
    public static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);
    /** Largest value a hash can take; targets at or above it are met by every hash. */
    public static final BigInteger MAX_HASH = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private static final double DIFF1_DOUBLE = 0xFFFF * Math.pow(2, 208);
    private static final BigDecimal DIFF1_DECIMAL = new BigDecimal(DIFF1);
    private static final MathContext PRECISION = new MathContext(100);

    private Target() {}

    /** Decodes compact "nBits"; rejects negative, zero and over-256-bit targets as Bitcoin Core does. */
    public static BigInteger fromBits(int nbits) {
        int exponent = nbits >>> 24;
        int mantissa = nbits & 0x007fffff;
        if ((nbits & 0x00800000) != 0 && mantissa != 0) {
            throw new IllegalArgumentException("nBits " + String.format("%08x", nbits) + " encodes a negative target");
        }
        BigInteger m = BigInteger.valueOf(mantissa);
        BigInteger target = exponent <= 3 ? m.shiftRight(8 * (3 - exponent)) : m.shiftLeft(8 * (exponent - 3));
        if (target.signum() == 0) {
            throw new IllegalArgumentException("nBits " + String.format("%08x", nbits) + " encodes a zero target");
        }
        if (target.bitLength() > 256) {
            throw new IllegalArgumentException("nBits " + String.format("%08x", nbits) + " overflows 256 bits");
        }
        return target;
    }

    /**
     * DIFF1 / difficulty, rounded down. Computed in BigDecimal from the double's exact value, so it is exact to the
     * integer for any practical difficulty. Very small difficulties give targets above 2^256 - 1 (every hash meets
     * them); they are returned as computed so that difficultyOf() round-trips.
     */
    public static BigInteger fromDifficulty(double difficulty) {
        if (Double.isNaN(difficulty) || Double.isInfinite(difficulty) || difficulty <= 0) {
            throw new IllegalArgumentException("difficulty must be a positive finite number, got " + difficulty);
        }
        BigInteger target =
                DIFF1_DECIMAL.divide(new BigDecimal(difficulty), PRECISION).toBigInteger();
        if (target.signum() == 0) {
            throw new IllegalArgumentException("difficulty " + difficulty + " is too high: target would be zero");
        }
        return target;
    }

    public static double difficultyOf(BigInteger target) {
        if (target.signum() <= 0) {
            throw new IllegalArgumentException("target must be positive, got " + target);
        }
        return DIFF1_DOUBLE / target.doubleValue();
    }

    /** DIFF1 / LE256(hash), in double arithmetic without allocation; infinite for an all-zero hash. */
    public static double difficultyOfHash(byte[] hashInternal) {
        checkHash(hashInternal);
        double value = 0;
        for (int i = 31; i >= 0; i--) {
            value = value * 256.0 + (hashInternal[i] & 0xff);
        }
        return DIFF1_DOUBLE / value;
    }

    public static BigInteger hashValue(byte[] hashInternal) {
        checkHash(hashInternal);
        return new BigInteger(1, Hex.reversed(hashInternal));
    }

    /** LE256(hash) <= target. For the per-share path prefer {@link #meets(byte[], byte[])} with a cached target. */
    public static boolean meets(byte[] hashInternal, BigInteger target) {
        if (target.signum() < 0) {
            throw new IllegalArgumentException("target must not be negative");
        }
        if (target.compareTo(MAX_HASH) >= 0) {
            checkHash(hashInternal);
            return true;
        }
        return meets(hashInternal, toLittleEndian32(target));
    }

    /** LE256(hash) <= LE256(target32LE): compares from the most significant byte, no allocation. */
    public static boolean meets(byte[] hashInternal, byte[] target32LE) {
        checkHash(hashInternal);
        if (target32LE.length != 32) {
            throw new IllegalArgumentException("target must be 32 little-endian bytes, got " + target32LE.length);
        }
        for (int i = 31; i >= 0; i--) {
            int h = hashInternal[i] & 0xff;
            int t = target32LE[i] & 0xff;
            if (h != t) {
                return h < t;
            }
        }
        return true;
    }

    /** 32 little-endian bytes of the target; targets of 2^256 - 1 or more saturate to all 0xff. */
    public static byte[] toLittleEndian32(BigInteger target) {
        if (target.signum() < 0) {
            throw new IllegalArgumentException("target must not be negative");
        }
        byte[] out = new byte[32];
        if (target.compareTo(MAX_HASH) >= 0) {
            java.util.Arrays.fill(out, (byte) 0xff);
            return out;
        }
        byte[] be = target.toByteArray(); // big-endian, maybe with a leading sign byte
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static void checkHash(byte[] hashInternal) {
        if (hashInternal.length != 32) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + hashInternal.length);
        }
    }
}
