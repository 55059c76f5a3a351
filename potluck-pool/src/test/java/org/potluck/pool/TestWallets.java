package org.potluck.pool;

import java.util.Arrays;
import org.potluck.bitcoin.Base58;

/** Payout wallets for tests on the test networks. */
public final class TestWallets {
    /** BIP86 account 0 xpub (bitcoin/bips bip-0086.mediawiki), re-labelled as a tpub for the test networks. */
    private static final String BIP86_ACCOUNT_XPUB = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteo"
            + "GVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";

    private TestWallets() {}

    /** A taproot descriptor on the BIP86 test vector's account, receiving branch. */
    public static String bip86Descriptor() {
        return "tr(" + tpub(BIP86_ACCOUNT_XPUB) + "/0/*)";
    }

    private static String tpub(String xpub) {
        byte[] payload = Base58.decodeChecked(xpub);
        byte[] changed = Arrays.copyOf(payload, payload.length);
        int version = 0x043587CF; // tpub, BIP32
        changed[0] = (byte) (version >>> 24);
        changed[1] = (byte) (version >>> 16);
        changed[2] = (byte) (version >>> 8);
        changed[3] = (byte) version;
        return Base58.encodeChecked(changed);
    }
}
