package org.potluck.pool.payout;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.potluck.accounting.hd.HdPayoutSource;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.Sha256;
import org.potluck.store.ShareStore;

/**
 * Fresh payout addresses from an xpub or a descriptor (wpkh or tr), so that no two found blocks pay the same address:
 * each source pays its address number N until a block pays it, then N + 1. N is kept in the database, so a restart
 * never goes back to an address already paid.
 */
public final class HdAddresses {
    private final Network network;
    private final ShareStore store;
    private final Map<String, HdPayoutSource> sources = new ConcurrentHashMap<>();
    private final Map<String, Integer> next = new ConcurrentHashMap<>();
    /** Each source's current address, to find the source again when a block pays it. */
    private final Map<String, String> sourceOfAddress = new ConcurrentHashMap<>();

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
        int index = next.computeIfAbsent(source, s -> Integer.parseInt(store.settings().getOrDefault(key(s), "0")));
        String address = hd.addressAt(index);
        sourceOfAddress.put(address, source);
        return address;
    }

    /** A found block paid this address: if it was a source's current one, that source moves on to its next address. */
    public synchronized void paid(String address) {
        String source = sourceOfAddress.get(address);
        if (source == null || !current(source).equals(address)) {
            return;
        }
        int index = next.get(source) + 1;
        store.putSetting(key(source), Integer.toString(index));
        next.put(source, index);
        sourceOfAddress.remove(address);
    }

    private static String key(String source) {
        return "hd.next." + Hex.encode(Sha256.sha256(source.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }
}
