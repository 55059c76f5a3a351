package org.potluck.pool.payout;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.AddressException;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.node.AddressInfo;
import org.potluck.node.NodeRpc;

/**
 * Turns payout addresses into scriptPubKeys. The pool decodes addresses itself for the configured network; when that
 * fails it asks the node, which is the authority for networks whose parameters differ from Core's (bcoin regtest).
 */
public final class AddressBook {
    private final Network network;
    private final java.util.function.Supplier<NodeRpc> node;
    private final Map<String, byte[]> scripts = new ConcurrentHashMap<>();
    private final HdAddresses hd;

    public AddressBook(Network network, java.util.function.Supplier<NodeRpc> node) {
        this(network, node, null);
    }

    /** @param hd turns xpubs and descriptors into fresh addresses; null when not offered */
    public AddressBook(Network network, java.util.function.Supplier<NodeRpc> node, HdAddresses hd) {
        this.network = network;
        this.node = node;
        this.hd = hd;
    }

    /**
     * The scriptPubKey to pay, or the reason it cannot be paid. An xpub or descriptor resolves to its current fresh
     * address ({@link Resolution#address()}), which changes after a found block pays it.
     */
    public Resolution resolve(String text) {
        if (hd != null && HdAddresses.isHdSource(text)) {
            String current;
            try {
                current = hd.current(text);
            } catch (IllegalArgumentException e) {
                return new Resolution(null, e.getMessage(), null);
            }
            return resolveAddress(current);
        }
        return resolveAddress(text);
    }

    private Resolution resolveAddress(String address) {
        byte[] cached = scripts.get(address);
        if (cached != null) {
            return new Resolution(cached, null, address);
        }
        String localError;
        try {
            byte[] script = Address.toScriptPubKey(address, network);
            scripts.put(address, script);
            return new Resolution(script, null, address);
        } catch (AddressException e) {
            localError = e.getMessage();
        }
        Optional<byte[]> fromNode = askNode(address);
        if (fromNode.isPresent()) {
            scripts.put(address, fromNode.get());
            return new Resolution(fromNode.get(), null, address);
        }
        return new Resolution(null, "invalid " + network.name() + " address \"" + address + "\": " + localError, null);
    }

    private Optional<byte[]> askNode(String address) {
        NodeRpc rpc = node.get();
        if (rpc == null) {
            return Optional.empty();
        }
        try {
            AddressInfo info = rpc.validateAddress(address);
            return info.valid() && info.scriptPubKeyHex() != null
                    ? Optional.of(Hex.decode(info.scriptPubKeyHex()))
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @param address the address paid (for an xpub or descriptor: its current fresh address) */
    public record Resolution(byte[] script, String error, String address) {
        public boolean ok() {
            return script != null;
        }
    }
}
