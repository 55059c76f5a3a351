package org.potluck.bitcoin;

import java.util.Locale;

/** Turns a payout address into the scriptPubKey a coinbase output pays to. */
public final class Address {
    private Address() {}

    /**
     * P2PKH and P2SH (Base58Check) and native segwit v0..v16 (bech32/bech32m) addresses of the given network.
     * The encoding is chosen by what decodes: a string whose Base58Check checksum holds is a Base58 address;
     * otherwise it is read as bech32, and when neither decodes the message comes from the likelier of the two.
     */
    public static byte[] toScriptPubKey(String address, Network net) throws AddressException {
        if (address == null || address.isBlank()) {
            throw new AddressException("empty address");
        }
        String a = address.strip();
        byte[] payload = null;
        AddressException base58Error = null;
        try {
            payload = Base58.decodeChecked(a);
        } catch (AddressException e) {
            base58Error = e;
        }
        if (payload != null) {
            return fromBase58(payload, net);
        }
        Bech32.Decoded decoded;
        try {
            decoded = Bech32.decode(a);
        } catch (AddressException bech32Error) {
            throw looksLikeBech32(a, net) ? bech32Error : base58Error;
        }
        if (!decoded.hrp().equals(net.bech32Hrp())) {
            throw new AddressException(
                    "wrong network: expected hrp " + net.bech32Hrp() + " (" + net.name() + "), got " + decoded.hrp());
        }
        return Bech32.toWitnessProgram(decoded).scriptPubKey();
    }

    private static byte[] fromBase58(byte[] payload, Network net) {
        if (payload.length != 21) {
            throw new AddressException(
                    "base58 payload must be 21 bytes (version + 20-byte hash), got " + payload.length);
        }
        int version = payload[0] & 0xff;
        byte[] hash = new byte[20];
        System.arraycopy(payload, 1, hash, 0, 20);
        if (version == net.p2pkhVersion()) {
            return new ByteWriter(25)
                    .u8(0x76)
                    .u8(0xa9)
                    .u8(20)
                    .bytes(hash)
                    .u8(0x88)
                    .u8(0xac)
                    .toByteArray();
        }
        if (version == net.p2shVersion()) {
            return new ByteWriter(23).u8(0xa9).u8(20).bytes(hash).u8(0x87).toByteArray();
        }
        throw new AddressException(String.format(
                "wrong network: version byte 0x%02x is neither P2PKH 0x%02x nor P2SH 0x%02x of %s",
                version, net.p2pkhVersion(), net.p2shVersion(), net.name()));
    }

    /** Any known hrp followed by '1', or the network's own, marks a bech32 attempt; Base58 never contains '0'/'l'. */
    private static boolean looksLikeBech32(String a, Network net) {
        String lower = a.toLowerCase(Locale.ROOT);
        if (lower.startsWith(net.bech32Hrp() + "1")) {
            return true;
        }
        for (Network n : Network.ALL) {
            if (lower.startsWith(n.bech32Hrp() + "1")) {
                return true;
            }
        }
        return lower.indexOf('1') > 0
                && (lower.indexOf('0') >= 0
                        || lower.indexOf('l') >= 0
                        || a.equals(lower)
                        || a.equals(a.toUpperCase(Locale.ROOT)));
    }
}
