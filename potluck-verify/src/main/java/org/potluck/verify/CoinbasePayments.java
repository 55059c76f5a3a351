package org.potluck.verify;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.accounting.published.PublishedPayout;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.AddressException;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.Transaction;
import org.potluck.bitcoin.TxOut;

/**
 * Whether a coinbase pays exactly a payout table: its value-carrying outputs, in order, are the table's outputs, each
 * to the script of the table's address. Zero-value OP_RETURN outputs (the witness commitment) pay nobody and are
 * skipped. Addresses are compared by script, so any encoding of an address (e.g. bcoin regtest prefixes) matches.
 */
final class CoinbasePayments {
    private static final int OP_RETURN = 0x6a;

    private CoinbasePayments() {}

    /** The outputs of a job's coinbase, assembled with an all-zero extranonce (outputs do not depend on it). */
    static List<PublishedOutput> outputsOf(PublishedJob job) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(Hex.decode(job.coinb1()));
        raw.writeBytes(new byte[job.extranonceSize()]);
        raw.writeBytes(Hex.decode(job.coinb2()));
        Transaction tx = Transaction.parse(raw.toByteArray());
        List<PublishedOutput> outputs = new ArrayList<>();
        for (TxOut out : tx.outputs()) {
            outputs.add(new PublishedOutput(out.value(), Hex.encode(out.scriptPubKey())));
        }
        return outputs;
    }

    static List<String> differences(List<PublishedPayout> table, List<PublishedOutput> coinbase, Network network) {
        List<String> out = new ArrayList<>();
        List<Integer> paying = new ArrayList<>();
        for (int i = 0; i < coinbase.size(); i++) {
            PublishedOutput o = coinbase.get(i);
            boolean commitment = o.sats() == 0
                    && o.scriptPubKey().length() >= 2
                    && Integer.parseInt(o.scriptPubKey().substring(0, 2), 16) == OP_RETURN;
            if (!commitment) {
                paying.add(i);
            }
        }
        for (int k = 0; k < Math.max(table.size(), paying.size()); k++) {
            PublishedPayout want = k < table.size() ? table.get(k) : null;
            Integer index = k < paying.size() ? paying.get(k) : null;
            PublishedOutput got = index == null ? null : coinbase.get(index);
            if (want == null) {
                out.add("coinbase output " + index + " pays " + got.sats() + " sats to script " + got.scriptPubKey()
                        + ", which the table does not list");
                continue;
            }
            String script;
            try {
                script = Hex.encode(Address.toScriptPubKey(want.address(), network));
            } catch (AddressException e) {
                out.add("table output " + k + " address " + want.address() + " is not a " + network.name()
                        + " address: " + e.getMessage());
                continue;
            }
            if (got == null) {
                out.add("coinbase lacks table output " + k + ": expected " + want.sats() + " sats to "
                        + want.address());
            } else if (got.sats() != want.sats() || !got.scriptPubKey().equalsIgnoreCase(script)) {
                out.add("coinbase output " + index + ": expected " + want.sats() + " sats to " + want.address()
                        + " (script " + script + "), found " + got.sats() + " sats to script " + got.scriptPubKey());
            }
        }
        return out;
    }
}
