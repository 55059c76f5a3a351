package org.potluck.pool.payout;

import java.util.List;
import java.util.Objects;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.TxOut;

/**
 * What a job's coinbase pays, and why: the outputs in coinbase order, with the address each pays, and for a shared
 * scheme the payout table (window, credits) they were computed from, which the pool publishes for verification.
 *
 * <p>A class rather than a record only so that it can remember its {@link #outputsKey()}: a shared plan (PPLNS) is
 * asked for by every session on every block change, and hex-encoding a few hundred outputs each time was a large part
 * of the fan-out. Equality, hash and string form are those the record had.
 */
public final class PayoutPlan {
    private final List<TxOut> outputs;
    private final List<String> addresses;
    private final org.potluck.accounting.PayoutTable table;
    private final String finderAddress;
    private final int maxOutputs;
    /** Computed on first use; a race only computes the same immutable string twice. */
    private String outputsKey;

    /**
     * @param addresses      the address of each output, in the same order as {@code outputs}
     * @param table          the PPLNS table, or null in solo mode
     * @param finderAddress  the miner the coinbase was made for, when the outputs depend on it (solo, finder bonus, or
     *                       an empty window); null when every miner gets the same coinbase
     * @param maxOutputs     the output limit the coinbase was made under (its size class)
     */
    public PayoutPlan(
            List<TxOut> outputs,
            List<String> addresses,
            org.potluck.accounting.PayoutTable table,
            String finderAddress,
            int maxOutputs) {
        this.outputs = List.copyOf(outputs);
        this.addresses = List.copyOf(addresses);
        if (this.outputs.size() != this.addresses.size()) {
            throw new IllegalArgumentException("one address per output: " + this.outputs.size() + " outputs, "
                    + this.addresses.size() + " addresses");
        }
        this.table = table;
        this.finderAddress = finderAddress;
        this.maxOutputs = maxOutputs;
    }

    public List<TxOut> outputs() {
        return outputs;
    }

    public List<String> addresses() {
        return addresses;
    }

    public org.potluck.accounting.PayoutTable table() {
        return table;
    }

    public String finderAddress() {
        return finderAddress;
    }

    public int maxOutputs() {
        return maxOutputs;
    }

    /**
     * The outputs' content as a string (value and script of each, in order): two plans with the same key pay the same
     * coinbase outputs, so they can share one job. TxOut holds a byte array, so its own equals is identity.
     */
    public String outputsKey() {
        String key = outputsKey;
        if (key == null) {
            StringBuilder sb = new StringBuilder(outputs.size() * 60);
            for (TxOut out : outputs) {
                sb.append(out.value())
                        .append(':')
                        .append(Hex.encode(out.scriptPubKey()))
                        .append(';');
            }
            key = sb.toString();
            outputsKey = key;
        }
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PayoutPlan p
                && maxOutputs == p.maxOutputs
                && outputs.equals(p.outputs)
                && addresses.equals(p.addresses)
                && Objects.equals(table, p.table)
                && Objects.equals(finderAddress, p.finderAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputs, addresses, table, finderAddress, maxOutputs);
    }

    @Override
    public String toString() {
        return "PayoutPlan[outputs=" + outputs + ", addresses=" + addresses + ", table=" + table + ", finderAddress="
                + finderAddress + ", maxOutputs=" + maxOutputs + "]";
    }
}
