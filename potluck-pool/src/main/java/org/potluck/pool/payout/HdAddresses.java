package org.potluck.pool.payout;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.potluck.accounting.hd.HdPayoutSource;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.Sha256;
import org.potluck.store.ShareStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh payout addresses from an xpub or a descriptor (wpkh or tr), so that no two found blocks pay the same address:
 * each source pays its address number N until a block pays it, then N + 1. N is kept in the database, so a restart
 * never goes back to an address already paid; it is written there only after the block went to the node (block first).
 */
public final class HdAddresses {
    private static final Logger log = LoggerFactory.getLogger(HdAddresses.class);

    private final Network network;
    private final ShareStore store;
    private final Map<String, HdPayoutSource> sources = new ConcurrentHashMap<>();
    private final Map<String, Integer> next = new ConcurrentHashMap<>();
    /** Each source's current address with its index, to find the source again when a block pays it. */
    private final Map<String, Slot> slotOfAddress = new ConcurrentHashMap<>();
    /** Indexes moved on in memory and not yet in the database, by source. */
    private final Map<String, Integer> unsaved = new ConcurrentHashMap<>();

    private record Slot(String source, int index) {}

    public HdAddresses(Network network, ShareStore store) {
        this.network = network;
        this.store = store;
    }

    public static boolean isHdSource(String text) {
        return text != null && HdPayoutSource.looksLikeHdSource(text);
    }

    /** The address the source pays now; throws IllegalArgumentException with the reason if the text is not usable. */
    public String current(String source) {
        HdPayoutSource hd = sources.computeIfAbsent(source, s -> HdPayoutSource.parse(s, network));
        int index = next.computeIfAbsent(
                source, s -> Integer.parseInt(store.settings().getOrDefault(key(s), "0")));
        String address = hd.addressAt(index);
        slotOfAddress.put(address, new Slot(source, index));
        return address;
    }

    /**
     * A found block paid this address: if it was a source's current one, that source moves on to its next address.
     * Memory only (two map updates, no key derivation, no I/O), as it runs right before the block goes to the node;
     * {@link #save} writes the new index down afterwards.
     */
    public void paid(String address) {
        Slot slot = slotOfAddress.remove(address);
        if (slot != null && next.replace(slot.source(), slot.index(), slot.index() + 1)) {
            unsaved.merge(slot.source(), slot.index() + 1, Math::max);
        }
    }

    /**
     * Writes the indexes {@link #paid} moved on to the database, so a restart never goes back to a paid address. A
     * failed write is kept and tried again at the next call (meanwhile the pool runs on the index in memory).
     */
    public void save() {
        for (Map.Entry<String, Integer> e : unsaved.entrySet()) {
            try {
                store.putSetting(key(e.getKey()), Integer.toString(e.getValue()));
                unsaved.remove(e.getKey(), e.getValue());
            } catch (RuntimeException failure) {
                log.error(
                        "the next address index {} of a payout xpub/descriptor could not be saved (a restart before"
                                + " the next save would pay the previous address again): {}",
                        e.getValue(),
                        failure.toString());
            }
        }
    }

    private static String key(String source) {
        return "hd.next."
                + Hex.encode(Sha256.sha256(source.getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 32);
    }
}
