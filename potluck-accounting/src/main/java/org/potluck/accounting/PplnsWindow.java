package org.potluck.accounting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.potluck.bitcoin.Target;

/**
 * Selects the PPLNS window: walking from the newest share to older ones, each share adds its weight until the sum
 * reaches the window size; the share that crosses the size counts only for the part that fits.
 */
public final class PplnsWindow {
    /** Ocean TIDES uses 8 network difficulties; 1 behaves like HydraPool. */
    public static final BigDecimal DEFAULT_MULTIPLIER = BigDecimal.valueOf(8);

    private PplnsWindow() {}

    /** The network difficulty of {@code nbits} as an exact decimal of its {@code double} value. */
    public static BigDecimal networkDifficulty(int nbits) {
        return BigDecimal.valueOf(Target.difficultyOf(Target.fromBits(nbits)));
    }

    /** W* = multiplier × network difficulty of the job's nbits. */
    public static BigDecimal windowSize(BigDecimal multiplier, int nbits) {
        Objects.requireNonNull(multiplier, "window multiplier");
        if (multiplier.signum() <= 0) {
            throw new IllegalArgumentException("window multiplier must be positive, got " + multiplier);
        }
        return multiplier.multiply(networkDifficulty(nbits));
    }

    /**
     * The window over {@code newestFirst}, which must be ordered by strictly decreasing sequence (a repeated sequence
     * would count a share twice, so it is refused).
     */
    public static Window select(List<WindowShare> newestFirst, BigDecimal windowSize) {
        Objects.requireNonNull(newestFirst, "shares");
        requirePositive(windowSize);
        TreeMap<String, BigDecimal> weights = new TreeMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        long end = 0;
        long start = 0;
        int count = 0;
        long previous = Long.MAX_VALUE;
        for (WindowShare share : newestFirst) {
            Objects.requireNonNull(share, "share in window input");
            if (share.sequence() >= previous) {
                throw new IllegalArgumentException("shares must be newest first with distinct sequences: "
                        + share.sequence() + " follows " + previous);
            }
            previous = share.sequence();
            if (sum.compareTo(windowSize) >= 0) {
                break;
            }
            BigDecimal counted = share.weight().min(windowSize.subtract(sum));
            sum = sum.add(counted);
            if (counted.signum() > 0) {
                weights.merge(share.address(), counted, BigDecimal::add);
            }
            if (count == 0) {
                end = share.sequence();
            }
            start = share.sequence();
            count++;
        }
        return count == 0 ? Window.empty() : new Window(end, start, count, sum, weights);
    }

    /**
     * The window for a job whose newest share is {@code windowEndSequence}: shares may come in any order; newer ones
     * than the job's end are ignored. Gives the same window as {@link #select} over the same shares sorted.
     */
    public static Window selectEndingAt(Collection<WindowShare> shares, long windowEndSequence, BigDecimal windowSize) {
        Objects.requireNonNull(shares, "shares");
        List<WindowShare> sorted = new ArrayList<>(shares.size());
        for (WindowShare share : shares) {
            Objects.requireNonNull(share, "share in window input");
            if (share.sequence() <= windowEndSequence) {
                sorted.add(share);
            }
        }
        sorted.sort(Comparator.comparingLong(WindowShare::sequence).reversed());
        return select(sorted, windowSize);
    }

    private static void requirePositive(BigDecimal windowSize) {
        Objects.requireNonNull(windowSize, "window size");
        if (windowSize.signum() <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + windowSize);
        }
    }
}
