package org.potluck.pool.payout;

import java.util.List;
import org.potluck.bitcoin.TxOut;

/**
 * What a job's coinbase pays, and why: the outputs in coinbase order, with the address each pays, and for a shared
 * scheme the payout table (window, credits) they were computed from, which the pool publishes for verification.
 *
 * @param addresses      the address of each output, in the same order as {@code outputs}
 * @param table          the PPLNS table, or null in solo mode
 * @param finderAddress  the miner the coinbase was made for, when the outputs depend on it (solo, finder bonus, or an
 *                       empty window); null when every miner gets the same coinbase
 * @param maxOutputs     the output limit the coinbase was made under (its size class)
 */
public record PayoutPlan(List<TxOut> outputs, List<String> addresses, org.potluck.accounting.PayoutTable table, String finderAddress,
                         int maxOutputs) {
    public PayoutPlan {
        outputs = List.copyOf(outputs);
        addresses = List.copyOf(addresses);
        if (outputs.size() != addresses.size()) {
            throw new IllegalArgumentException("one address per output: " + outputs.size() + " outputs, " + addresses.size() + " addresses");
        }
    }
}
