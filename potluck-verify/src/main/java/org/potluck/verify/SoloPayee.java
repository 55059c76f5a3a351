package org.potluck.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.potluck.accounting.hd.HdPayoutSource;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;

/**
 * Solo mode: each miner mines on a coinbase that pays itself, so a share belongs to whoever its job's coinbase pays
 * (output 0; the operator's fee, if any, follows). A share published under another address was moved to it.
 * Addresses are compared by script; an xpub or descriptor pays its fresh addresses one after another, one more for each
 * block found, so it matches any of its first (blocks found + 1) addresses.
 */
final class SoloPayee {
    private final Network network;
    /** Scripts of each HD source's first addresses, as far as derived so far. */
    private final Map<String, List<String>> hdScripts = new HashMap<>();

    SoloPayee(Network network) {
        this.network = network;
    }

    /** Why the share's address is not the one its job's coinbase pays, or empty when it is. */
    Optional<String> mismatch(PublishedShare share, PublishedJob job, int blocksFound) {
        List<PublishedOutput> outputs;
        try {
            outputs = CoinbasePayments.outputsOf(job);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the job's own check reports a coinbase that is not a transaction
        }
        if (outputs.isEmpty()) {
            return Optional.of("its job " + job.jobId() + " has a coinbase without outputs");
        }
        String paid = outputs.getFirst().scriptPubKey();
        try {
            if (scriptsOf(share.address(), blocksFound).stream().anyMatch(paid::equalsIgnoreCase)) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) { // also AddressException
            return Optional.of(
                    "its address " + share.address() + " is not a " + network.name() + " address: " + e.getMessage());
        }
        return Optional.of("is credited to " + share.address() + ", but its job " + job.jobId()
                + "'s coinbase pays the finder's output to script " + paid + " (solo: a share is its payee's)");
    }

    private List<String> scriptsOf(String address, int blocksFound) {
        if (!HdPayoutSource.looksLikeHdSource(address)) {
            return List.of(Hex.encode(Address.toScriptPubKey(address, network)));
        }
        List<String> known = hdScripts.get(address);
        if (known == null || known.size() < blocksFound + 1) {
            known = HdPayoutSource.parse(address, network).addresses(0, blocksFound + 1).stream()
                    .map(a -> Hex.encode(Address.toScriptPubKey(a, network)))
                    .toList();
            hdScripts.put(address, known);
        }
        return known;
    }
}
