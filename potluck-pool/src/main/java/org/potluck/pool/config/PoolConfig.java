package org.potluck.pool.config;

import java.util.List;

/**
 * Everything an operator can set, as read from the TOML file. Defaults are those of a small home pool; {@link #validate()}
 * names the key, the value and what was expected.
 */
public record PoolConfig(String network, StratumConfig stratum, List<NodeConfig> nodes, NodeTiming nodeTiming,
                         PayoutConfig payout, String dataDir) {

    public record StratumConfig(String host, int port, double startDifficulty, double minDifficulty, double maxDifficulty,
                                double targetShareSeconds, int versionMask, int extranonce2Size, String coinbaseTag,
                                int maxLineBytes, int idleSecondsBeforeAuthorize, int banSeconds) {
    }

    /** One node of the failover list; cookie null = look in the usual data directory for the network. */
    public record NodeConfig(String url, String user, String password, String cookie, String zmqHashBlock) {
    }

    public record NodeTiming(long pollIntervalMillis, long templateRefreshSeconds) {
    }

    public record PayoutConfig(String scheme, int feeBasisPoints, String feeAddress) {
    }

    public static StratumConfig defaultStratum() {
        return new StratumConfig("0.0.0.0", 3333, 1024, 0.001, 1e15, 10, 0x1fffe000, 8, "", 16 * 1024, 60, 60);
    }

    /**
     * Settings for a pool on a bcoin regtest node (the demo and the tests): where every hash is nearly a block, so
     * share difficulties are tiny and the miners are CPUs.
     */
    public static PoolConfig bcoinRegtest(String rpcUrl, String apiKey, String dataDir, int port, double startDifficulty,
                                          double targetShareSeconds) {
        var stratum = new StratumConfig("127.0.0.1", port, startDifficulty, startDifficulty / 64, 1e6, targetShareSeconds,
                0x1fffe000, 8, "", 16 * 1024, 60, 60);
        return new PoolConfig("bcoin-regtest", stratum, List.of(new NodeConfig(rpcUrl, "potluck", apiKey, null, null)),
                new NodeTiming(200, 30), new PayoutConfig("solo", 0, null), dataDir);
    }

    public PoolConfig withStratum(StratumConfig s) {
        return new PoolConfig(network, s, nodes, nodeTiming, payout, dataDir);
    }

    public PoolConfig withPayout(PayoutConfig p) {
        return new PoolConfig(network, stratum, nodes, nodeTiming, p, dataDir);
    }

    public PoolConfig validate() {
        List<String> networks = List.of("main", "mainnet", "test", "testnet", "testnet3", "testnet4", "signet", "regtest", "bcoin-regtest");
        if (!networks.contains(network)) {
            throw new ConfigException("network", network, "one of " + networks);
        }
        if (stratum.port() < 0 || stratum.port() > 65535) {
            throw new ConfigException("stratum.port", stratum.port(), "a TCP port 0-65535 (0 picks a free one)");
        }
        if (!(stratum.minDifficulty() > 0)) {
            throw new ConfigException("stratum.min_difficulty", stratum.minDifficulty(), "a number above 0");
        }
        if (stratum.maxDifficulty() < stratum.minDifficulty()) {
            throw new ConfigException("stratum.max_difficulty", stratum.maxDifficulty(), "at least stratum.min_difficulty (" + stratum.minDifficulty() + ")");
        }
        if (!(stratum.startDifficulty() > 0)) {
            throw new ConfigException("stratum.start_difficulty", stratum.startDifficulty(), "a number above 0");
        }
        if (!(stratum.targetShareSeconds() > 0)) {
            throw new ConfigException("stratum.target_share_seconds", stratum.targetShareSeconds(), "a number of seconds above 0");
        }
        if (stratum.extranonce2Size() < 2 || stratum.extranonce2Size() > 16) {
            throw new ConfigException("stratum.extranonce2_size", stratum.extranonce2Size(), "2 to 16 bytes");
        }
        if (stratum.coinbaseTag().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 60) {
            throw new ConfigException("stratum.coinbase_tag", stratum.coinbaseTag(), "at most 60 bytes");
        }
        if (nodes.isEmpty()) {
            throw new ConfigException("node", "[]", "at least one [[node]] with a url");
        }
        for (NodeConfig node : nodes) {
            if (node.url() == null || !(node.url().startsWith("http://") || node.url().startsWith("https://"))) {
                throw new ConfigException("node.url", node.url(), "an http:// URL of the node's RPC, e.g. http://127.0.0.1:8332");
            }
        }
        if (!List.of("solo").contains(payout.scheme())) {
            throw new ConfigException("payout.scheme", payout.scheme(), "\"solo\"");
        }
        if (payout.feeBasisPoints() < 0 || payout.feeBasisPoints() > 10_000) {
            throw new ConfigException("payout.fee_basis_points", payout.feeBasisPoints(), "0 to 10000 (100 = 1%)");
        }
        if (payout.feeBasisPoints() > 0 && (payout.feeAddress() == null || payout.feeAddress().isBlank())) {
            throw new ConfigException("payout.fee_address", payout.feeAddress(), "an address when payout.fee_basis_points is above 0");
        }
        return this;
    }
}
