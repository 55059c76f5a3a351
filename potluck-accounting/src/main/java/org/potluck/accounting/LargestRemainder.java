package org.potluck.accounting;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a whole number of satoshis in proportion to exact weights: everyone gets the floor of their exact part, and
 * the satoshis left over go one each to the largest fractional remainders, ties to the smaller address. All parts
 * share one denominator, so remainders are compared as exact numerators: no rounding anywhere.
 */
final class LargestRemainder {
    private record Part(String address, long floor, BigDecimal remainder) {}

    private static final Comparator<Part> BIGGEST_REMAINDER_FIRST =
            Comparator.comparing(Part::remainder).reversed().thenComparing(Part::address);

    private LargestRemainder() {}

    /** {@code amount} split over {@code weights} (all positive); the result sums to exactly {@code amount}. */
    static SortedAmounts split(long amount, Map<String, BigDecimal> weights) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal w : weights.values()) {
            total = total.add(w);
        }
        if (total.signum() <= 0) {
            throw new IllegalArgumentException("cannot split " + amount + " sats over a total weight of " + total);
        }
        BigDecimal whole = BigDecimal.valueOf(amount);
        List<Part> parts = new ArrayList<>(weights.size());
        for (Map.Entry<String, BigDecimal> e : weights.entrySet()) {
            BigDecimal numerator = whole.multiply(e.getValue());
            BigDecimal floor = numerator.divide(total, 0, RoundingMode.FLOOR);
            parts.add(new Part(e.getKey(), floor.longValueExact(), numerator.subtract(floor.multiply(total))));
        }
        return distribute(amount, parts);
    }

    /** {@code amount} split in proportion to whole-number {@code weights}, exactly, in integers. */
    static SortedAmounts splitByLongs(long amount, Map<String, Long> weights) {
        BigInteger total = BigInteger.ZERO;
        for (long w : weights.values()) {
            total = total.add(BigInteger.valueOf(w));
        }
        if (total.signum() <= 0) {
            throw new IllegalArgumentException("cannot split " + amount + " sats over a total weight of " + total);
        }
        BigInteger whole = BigInteger.valueOf(amount);
        List<Part> parts = new ArrayList<>(weights.size());
        for (Map.Entry<String, Long> e : weights.entrySet()) {
            BigInteger[] qr = whole.multiply(BigInteger.valueOf(e.getValue())).divideAndRemainder(total);
            parts.add(new Part(e.getKey(), qr[0].longValueExact(), new BigDecimal(qr[1])));
        }
        return distribute(amount, parts);
    }

    private static SortedAmounts distribute(long amount, List<Part> parts) {
        long floors = 0;
        for (Part p : parts) {
            floors = Math.addExact(floors, p.floor());
        }
        long leftover = amount - floors;
        // Each remainder is below one part, so the leftover is below the number of parts; anything else is a bug.
        if (leftover < 0 || leftover >= Math.max(1, parts.size())) {
            throw new IllegalStateException(
                    "largest remainder left " + leftover + " sats over " + parts.size() + " parts");
        }
        List<Part> order = new ArrayList<>(parts);
        order.sort(BIGGEST_REMAINDER_FIRST);
        TreeMap<String, Long> result = new TreeMap<>();
        for (int i = 0; i < order.size(); i++) {
            Part p = order.get(i);
            result.put(p.address(), p.floor() + (i < leftover ? 1 : 0));
        }
        return new SortedAmounts(result);
    }

    /** Amounts by address (sorted by address). */
    record SortedAmounts(TreeMap<String, Long> byAddress) {}
}
