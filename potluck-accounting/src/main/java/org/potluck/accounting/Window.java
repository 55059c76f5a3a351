package org.potluck.accounting;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shares a payout is split by: the newest shares whose weights add up to the window size.
 *
 * @param endSequence   sequence of the newest share counted (0 when empty)
 * @param startSequence sequence of the oldest share counted, perhaps only in part (0 when empty)
 * @param shareCount    how many shares were walked, the partly counted one included
 * @param total         sum of {@code weights}
 * @param weights       counted weight per address, only addresses with a positive weight
 */
public record Window(
        long endSequence, long startSequence, int shareCount, BigDecimal total, SortedMap<String, BigDecimal> weights) {

    public Window {
        Objects.requireNonNull(total, "window total");
        Objects.requireNonNull(weights, "window weights");
        if (shareCount < 0) {
            throw new IllegalArgumentException("window share count must not be negative, got " + shareCount);
        }
        if (shareCount == 0 && (endSequence != 0 || startSequence != 0 || total.signum() != 0 || !weights.isEmpty())) {
            throw new IllegalArgumentException("a window of no shares must have sequences 0, total 0 and no weights");
        }
        if (shareCount > 0 && (startSequence < 1 || startSequence > endSequence)) {
            throw new IllegalArgumentException("window sequences must satisfy 1 <= start <= end, got start "
                    + startSequence + " end " + endSequence);
        }
        TreeMap<String, BigDecimal> copy = new TreeMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : weights.entrySet()) {
            Money.requireAddress("window address", e.getKey());
            if (e.getValue() == null || e.getValue().signum() <= 0) {
                throw new IllegalArgumentException(
                        "window weight of " + e.getKey() + " must be positive, got " + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
            sum = sum.add(e.getValue());
        }
        if (sum.compareTo(total) != 0) {
            throw new IllegalArgumentException("window total " + total + " differs from the sum of its weights " + sum);
        }
        weights = Collections.unmodifiableSortedMap(copy);
    }

    public static Window empty() {
        return new Window(0, 0, 0, BigDecimal.ZERO, new TreeMap<>());
    }

    public boolean isEmpty() {
        return total.signum() == 0;
    }
}
