package org.potluck.accounting;

import java.math.BigDecimal;
import java.util.TreeMap;

/** Windows built directly from address/weight pairs, for payout tests that do not care which shares made them. */
final class TestWindows {
    private TestWindows() {}

    /** {@code window("alice", "4", "bob", "3")}: weights as decimal strings; sequences 1..n, one share each. */
    static Window window(String... addressWeightPairs) {
        TreeMap<String, BigDecimal> weights = new TreeMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < addressWeightPairs.length; i += 2) {
            BigDecimal w = new BigDecimal(addressWeightPairs[i + 1]);
            weights.merge(addressWeightPairs[i], w, BigDecimal::add);
            total = total.add(w);
        }
        int n = addressWeightPairs.length / 2;
        return n == 0 ? Window.empty() : new Window(n, 1, n, total, weights);
    }
}
