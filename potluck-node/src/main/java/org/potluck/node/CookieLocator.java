package org.potluck.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds Bitcoin Core's RPC cookie in the usual data directories, so a pool next to a stock node needs no password
 * in its configuration.
 */
public final class CookieLocator {
    private CookieLocator() {}

    /** The first existing, readable cookie for the chain ("main", "test", "testnet4", "signet", "regtest"). */
    public static Optional<Path> find(String chain) {
        return candidates(chain).stream()
                .filter(p -> Files.isRegularFile(p) && Files.isReadable(p))
                .findFirst();
    }

    /** Every place looked at, most specific first: {@code $BITCOIN_DATADIR}, then the common install locations. */
    public static List<Path> candidates(String chain) {
        return candidates(chain, System.getenv("BITCOIN_DATADIR"), Path.of(System.getProperty("user.home")));
    }

    static List<Path> candidates(String chain, String datadirEnv, Path home) {
        String subdir = subdirFor(chain);
        List<Path> dataDirs = new ArrayList<>();
        if (datadirEnv != null && !datadirEnv.isBlank()) {
            dataDirs.add(Path.of(datadirEnv));
        }
        dataDirs.add(home.resolve(".bitcoin"));
        dataDirs.add(Path.of("/var/lib/bitcoind"));
        dataDirs.add(Path.of("/var/lib/bitcoin"));
        dataDirs.add(home.resolve("Library/Application Support/Bitcoin"));
        LinkedHashSet<Path> out = new LinkedHashSet<>();
        for (Path dir : dataDirs) {
            out.add((subdir.isEmpty() ? dir : dir.resolve(subdir)).resolve(".cookie"));
        }
        return List.copyOf(out);
    }

    /** Core keeps mainnet in the data directory itself and every other chain in a subfolder. */
    private static String subdirFor(String chain) {
        if (chain == null) {
            throw new IllegalArgumentException("chain must be one of main, test, testnet4, signet, regtest");
        }
        return switch (chain.toLowerCase(Locale.ROOT)) {
            case "main", "mainnet", "bitcoin" -> "";
            case "test", "testnet", "testnet3" -> "testnet3";
            case "testnet4" -> "testnet4";
            case "signet" -> "signet";
            case "regtest" -> "regtest";
            default ->
                throw new IllegalArgumentException(
                        "unknown chain '" + chain + "': expected main, test, testnet4, signet or regtest");
        };
    }
}
