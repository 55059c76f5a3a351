package org.potluck.bitcoin;

import java.util.List;
import java.util.Locale;

/** Address parameters of a chain: bech32 human-readable part and Base58Check version bytes. */
public record Network(String name, String bech32Hrp, int p2pkhVersion, int p2shVersion) {
    public static final Network MAINNET = new Network("main", "bc", 0x00, 0x05);
    /** testnet3 and testnet4 share address parameters. */
    public static final Network TESTNET = new Network("test", "tb", 0x6f, 0xc4);

    public static final Network SIGNET = new Network("signet", "tb", 0x6f, 0xc4);
    /** Bitcoin Core regtest. */
    public static final Network REGTEST = new Network("regtest", "bcrt", 0x6f, 0xc4);
    /** bcoin's regtest uses its own prefixes (see shared/design/regtest-node.md). */
    public static final Network BCOIN_REGTEST = new Network("bcoin-regtest", "rb", 0x3c, 0x26);

    public static final List<Network> ALL = List.of(MAINNET, TESTNET, SIGNET, REGTEST, BCOIN_REGTEST);

    private static final String KNOWN =
            "main, mainnet, test, testnet, testnet3, testnet4, signet, regtest, bcoin-regtest";

    public static Network byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("network name is null; known names: " + KNOWN);
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "main", "mainnet" -> MAINNET;
            case "test", "testnet", "testnet3", "testnet4" -> TESTNET;
            case "signet" -> SIGNET;
            case "regtest" -> REGTEST;
            case "bcoin-regtest" -> BCOIN_REGTEST;
            default -> throw new IllegalArgumentException("unknown network '" + name + "'; known names: " + KNOWN);
        };
    }
}
