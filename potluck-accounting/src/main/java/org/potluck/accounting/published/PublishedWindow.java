package org.potluck.accounting.published;

import java.math.BigDecimal;
import java.util.SortedMap;
import java.util.TreeMap;
import org.potluck.accounting.Window;

/** A PPLNS window as published in a payout proof; weights are exact JSON numbers. */
public record PublishedWindow(
        long endSequence, long startSequence, int shareCount, BigDecimal total, SortedMap<String, BigDecimal> weights) {

    public PublishedWindow {
        weights = weights == null ? new TreeMap<>() : new TreeMap<>(weights);
    }

    public static PublishedWindow of(Window window) {
        return new PublishedWindow(
                window.endSequence(), window.startSequence(), window.shareCount(), window.total(), window.weights());
    }
}
