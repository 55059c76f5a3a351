package org.potluck.pool.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.potluck.config.ConfigException;
import org.potluck.node.NodeConfig;
import org.potluck.node.NodeTiming;
import org.potluck.store.StorageConfig;

/**
 * What the pool itself is configured with: its own sections ({@code [stratum]}, {@code [payout]}, the top-level keys)
 * and the sections of the modules it drives, which live beside those modules ({@code [[node]]} and
 * {@code [node_timing]} in potluck-node, {@code [storage]} in potluck-store). The web and ops sections are not the
 * pool's: the whole file is potluck-cli's {@code PotluckConfig}. Defaults are those of a small home pool;
 * {@link #validate()} names the key, the value and what was expected.
 */
public record PoolConfig(
        String network,
        StratumConfig stratum,
        List<NodeConfig> nodes,
        NodeTiming nodeTiming,
        PayoutConfig payout,
        String dataDir,
        StorageConfig storage) {

    /** Share difficulty a regtest pool starts CPU miners at: a share every few seconds from one core. */
    public static final double REGTEST_START_DIFFICULTY = 0.002;

    public static final double REGTEST_MIN_DIFFICULTY = 0.0001;

    public static final List<String> NETWORKS =
            List.of("main", "mainnet", "test", "testnet", "testnet3", "testnet4", "signet", "regtest", "bcoin-regtest");

    public PoolConfig {
        nodes = List.copyOf(nodes);
        storage = storage == null ? StorageConfig.DEFAULT : storage;
    }

    /** The shape from before [storage] existed: it takes its default. */
    public PoolConfig(
            String network,
            StratumConfig stratum,
            List<NodeConfig> nodes,
            NodeTiming nodeTiming,
            PayoutConfig payout,
            String dataDir) {
        this(network, stratum, nodes, nodeTiming, payout, dataDir, StorageConfig.DEFAULT);
    }

    public record StratumConfig(
            String host,
            int port,
            double startDifficulty,
            double minDifficulty,
            double maxDifficulty,
            double targetShareSeconds,
            int versionMask,
            int extranonce2Size,
            String coinbaseTag,
            int maxLineBytes,
            int idleSecondsBeforeAuthorize,
            int banSeconds,
            int maxConnectionsPerIp,
            int maxConnections,
            int slowReaderCloseSeconds) {
        /** Connections from one IP address: a meetup behind one NAT fits, one host cannot take every descriptor. */
        public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 256;
        /** A client whose replies have piled up unread for this long is closed. */
        public static final int DEFAULT_SLOW_READER_CLOSE_SECONDS = 30;

        /** The settings before the connection limits existed, with those at their defaults (tests and benchmarks). */
        public StratumConfig(
                String host,
                int port,
                double startDifficulty,
                double minDifficulty,
                double maxDifficulty,
                double targetShareSeconds,
                int versionMask,
                int extranonce2Size,
                String coinbaseTag,
                int maxLineBytes,
                int idleSecondsBeforeAuthorize,
                int banSeconds) {
            this(
                    host,
                    port,
                    startDifficulty,
                    minDifficulty,
                    maxDifficulty,
                    targetShareSeconds,
                    versionMask,
                    extranonce2Size,
                    coinbaseTag,
                    maxLineBytes,
                    idleSecondsBeforeAuthorize,
                    banSeconds,
                    DEFAULT_MAX_CONNECTIONS_PER_IP,
                    0,
                    DEFAULT_SLOW_READER_CLOSE_SECONDS);
        }

        public StratumConfig withConnectionLimits(int perIp, int total, int slowReaderSeconds) {
            return new StratumConfig(
                    host,
                    port,
                    startDifficulty,
                    minDifficulty,
                    maxDifficulty,
                    targetShareSeconds,
                    versionMask,
                    extranonce2Size,
                    coinbaseTag,
                    maxLineBytes,
                    idleSecondsBeforeAuthorize,
                    banSeconds,
                    perIp,
                    total,
                    slowReaderSeconds);
        }
    }

    /**
     * How each coinbase splits the reward. Basis points are hundredths of a percent (100 = 1%).
     *
     * @param scheme                 "solo" (each miner's coinbase pays itself) or "pplns" (the window shares it)
     * @param feeAddress             operator's address, xpub or descriptor; null when there is no fee
     * @param windowMultiplier       PPLNS window = this × network difficulty of shares (8 like Ocean TIDES, 1 like HydraPool)
     * @param donationAddress        null when there is no donation
     * @param finderBonusSats        a fixed bonus to the finder of a block, or 0 (at most one of the two bonus kinds)
     * @param finderBonusBasisPoints a share of the reward to the finder of a block, or 0
     * @param maxOutputs             most outputs a coinbase may have (left-out miners are credited and paid first later)
     * @param minOutputSats          smallest output worth creating (smaller amounts are credited, not lost)
     */
    public record PayoutConfig(
            String scheme,
            int feeBasisPoints,
            String feeAddress,
            int windowMultiplier,
            int donationBasisPoints,
            String donationAddress,
            long finderBonusSats,
            int finderBonusBasisPoints,
            int maxOutputs,
            long minOutputSats) {
        public static final List<String> SCHEMES = List.of("solo", "pplns");
        public static final int DEFAULT_WINDOW_MULTIPLIER = 8;
        /**
         * For regtest (init and the demo): its network difficulty is about 4.7e-10, so the default 8 makes a window
         * of less than one CPU share. This one is about 0.23 difficulty, over a hundred shares of
         * {@link #REGTEST_START_DIFFICULTY}: every CPU miner of the last minutes is in each block's split.
         */
        public static final int REGTEST_WINDOW_MULTIPLIER = 500_000_000;

        public static final int DEFAULT_MAX_OUTPUTS = 50;
        public static final long DEFAULT_MIN_OUTPUT_SATS = 10_000;

        /** Scheme and fee only; everything else takes its default (no donation, no finder bonus). */
        public PayoutConfig(String scheme, int feeBasisPoints, String feeAddress) {
            this(
                    scheme,
                    feeBasisPoints,
                    feeAddress,
                    DEFAULT_WINDOW_MULTIPLIER,
                    0,
                    null,
                    0,
                    0,
                    DEFAULT_MAX_OUTPUTS,
                    DEFAULT_MIN_OUTPUT_SATS);
        }

        public static PayoutConfig solo() {
            return new PayoutConfig("solo", 0, null);
        }

        public static PayoutConfig pplns() {
            return new PayoutConfig("pplns", 0, null);
        }

        public boolean isPplns() {
            return "pplns".equals(scheme);
        }

        public PayoutConfig withScheme(String s) {
            return new PayoutConfig(
                    s,
                    feeBasisPoints,
                    feeAddress,
                    windowMultiplier,
                    donationBasisPoints,
                    donationAddress,
                    finderBonusSats,
                    finderBonusBasisPoints,
                    maxOutputs,
                    minOutputSats);
        }

        public PayoutConfig withFee(int basisPoints, String address) {
            return new PayoutConfig(
                    scheme,
                    basisPoints,
                    address,
                    windowMultiplier,
                    donationBasisPoints,
                    donationAddress,
                    finderBonusSats,
                    finderBonusBasisPoints,
                    maxOutputs,
                    minOutputSats);
        }

        public PayoutConfig withWindowMultiplier(int multiplier) {
            return new PayoutConfig(
                    scheme,
                    feeBasisPoints,
                    feeAddress,
                    multiplier,
                    donationBasisPoints,
                    donationAddress,
                    finderBonusSats,
                    finderBonusBasisPoints,
                    maxOutputs,
                    minOutputSats);
        }

        public PayoutConfig withDonation(int basisPoints, String address) {
            return new PayoutConfig(
                    scheme,
                    feeBasisPoints,
                    feeAddress,
                    windowMultiplier,
                    basisPoints,
                    address,
                    finderBonusSats,
                    finderBonusBasisPoints,
                    maxOutputs,
                    minOutputSats);
        }

        /** A finder bonus of either a fixed amount or a share of the reward; pass 0 for the kind not used. */
        public PayoutConfig withFinderBonus(long sats, int basisPoints) {
            return new PayoutConfig(
                    scheme,
                    feeBasisPoints,
                    feeAddress,
                    windowMultiplier,
                    donationBasisPoints,
                    donationAddress,
                    sats,
                    basisPoints,
                    maxOutputs,
                    minOutputSats);
        }

        public PayoutConfig withOutputLimits(int maximumOutputs, long minimumOutputSats) {
            return new PayoutConfig(
                    scheme,
                    feeBasisPoints,
                    feeAddress,
                    windowMultiplier,
                    donationBasisPoints,
                    donationAddress,
                    finderBonusSats,
                    finderBonusBasisPoints,
                    maximumOutputs,
                    minimumOutputSats);
        }
    }

    public static StratumConfig defaultStratum() {
        return new StratumConfig("0.0.0.0", 3333, 1024, 0.001, 1e15, 10, 0x1fffe000, 8, "", 16 * 1024, 15, 60);
    }

    /**
     * Settings for a pool on a bcoin regtest node (the demo and the tests): where every hash is nearly a block, so
     * share difficulties are tiny and the miners are CPUs.
     */
    public static PoolConfig bcoinRegtest(
            String rpcUrl, String apiKey, String dataDir, int port, double startDifficulty, double targetShareSeconds) {
        var stratum = new StratumConfig(
                "127.0.0.1",
                port,
                startDifficulty,
                startDifficulty / 64,
                1e6,
                targetShareSeconds,
                0x1fffe000,
                8,
                "",
                16 * 1024,
                60,
                60);
        return new PoolConfig(
                "bcoin-regtest",
                stratum,
                List.of(new NodeConfig(rpcUrl, "potluck", apiKey, null, null)),
                new NodeTiming(200, 30),
                PayoutConfig.solo(),
                dataDir,
                StorageConfig.DEFAULT);
    }

    public PoolConfig withNetwork(String n) {
        return new PoolConfig(n, stratum, nodes, nodeTiming, payout, dataDir, storage);
    }

    public PoolConfig withStratum(StratumConfig s) {
        return new PoolConfig(network, s, nodes, nodeTiming, payout, dataDir, storage);
    }

    public PoolConfig withNodes(List<NodeConfig> n) {
        return new PoolConfig(network, stratum, n, nodeTiming, payout, dataDir, storage);
    }

    public PoolConfig withNodeTiming(NodeTiming t) {
        return new PoolConfig(network, stratum, nodes, t, payout, dataDir, storage);
    }

    public PoolConfig withPayout(PayoutConfig p) {
        return new PoolConfig(network, stratum, nodes, nodeTiming, p, dataDir, storage);
    }

    public PoolConfig withDataDir(String d) {
        return new PoolConfig(network, stratum, nodes, nodeTiming, payout, d, storage);
    }

    public PoolConfig withStorage(StorageConfig s) {
        return new PoolConfig(network, stratum, nodes, nodeTiming, payout, dataDir, s);
    }

    public PoolConfig validate() {
        if (!NETWORKS.contains(network)) {
            throw new ConfigException("network", network, "one of " + NETWORKS);
        }
        if (dataDir == null || dataDir.isBlank()) {
            throw new ConfigException(
                    "data_dir", dataDir, "a directory for the journal and database, e.g. \"potluck-data\"");
        }
        validateStratum();
        validateNodes();
        validatePayout();
        storage.validate();
        return this;
    }

    private void validateStratum() {
        if (stratum.port() < 0 || stratum.port() > 65535) {
            throw new ConfigException("stratum.port", stratum.port(), "a TCP port 0-65535 (0 picks a free one)");
        }
        if (!(stratum.minDifficulty() > 0)) {
            throw new ConfigException("stratum.min_difficulty", stratum.minDifficulty(), "a number above 0");
        }
        if (stratum.maxDifficulty() < stratum.minDifficulty()) {
            throw new ConfigException(
                    "stratum.max_difficulty",
                    stratum.maxDifficulty(),
                    "at least stratum.min_difficulty (" + stratum.minDifficulty() + ")");
        }
        if (!(stratum.startDifficulty() > 0)) {
            throw new ConfigException("stratum.start_difficulty", stratum.startDifficulty(), "a number above 0");
        }
        if (!(stratum.targetShareSeconds() > 0)) {
            throw new ConfigException(
                    "stratum.target_share_seconds", stratum.targetShareSeconds(), "a number of seconds above 0");
        }
        if (stratum.extranonce2Size() < 2 || stratum.extranonce2Size() > 16) {
            throw new ConfigException("stratum.extranonce2_size", stratum.extranonce2Size(), "2 to 16 bytes");
        }
        if (stratum.coinbaseTag().getBytes(StandardCharsets.UTF_8).length > 60) {
            throw new ConfigException("stratum.coinbase_tag", stratum.coinbaseTag(), "at most 60 bytes");
        }
        // A line must at least hold a submit; below this every miner would be disconnected.
        if (stratum.maxLineBytes() < 256) {
            throw new ConfigException("stratum.max_line_bytes", stratum.maxLineBytes(), "at least 256 bytes");
        }
        if (stratum.idleSecondsBeforeAuthorize() < 1) {
            throw new ConfigException(
                    "stratum.idle_seconds_before_authorize", stratum.idleSecondsBeforeAuthorize(), "at least 1 second");
        }
        if (stratum.banSeconds() < 0) {
            throw new ConfigException("stratum.ban_seconds", stratum.banSeconds(), "0 (no ban) or more seconds");
        }
        if (stratum.maxConnectionsPerIp() < 1) {
            throw new ConfigException("stratum.max_connections_per_ip", stratum.maxConnectionsPerIp(), "at least 1");
        }
        if (stratum.maxConnections() < 0) {
            throw new ConfigException(
                    "stratum.max_connections",
                    stratum.maxConnections(),
                    "0 (from the process's file descriptor limit) or a number of connections");
        }
        if (stratum.slowReaderCloseSeconds() < 1) {
            throw new ConfigException(
                    "stratum.slow_reader_close_seconds", stratum.slowReaderCloseSeconds(), "at least 1 second");
        }
    }

    private void validateNodes() {
        if (nodes.isEmpty()) {
            throw new ConfigException("node", "[]", "at least one [[node]] with a url");
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).validate(i);
        }
        nodeTiming.validate();
    }

    private void validatePayout() {
        PayoutConfig p = payout;
        if (!PayoutConfig.SCHEMES.contains(p.scheme())) {
            throw new ConfigException("payout.scheme", p.scheme(), "\"solo\" or \"pplns\"");
        }
        basisPoints("payout.fee_basis_points", p.feeBasisPoints());
        if (p.feeBasisPoints() > 0 && blank(p.feeAddress())) {
            throw new ConfigException(
                    "payout.fee_address",
                    p.feeAddress(),
                    "an address, xpub or descriptor when payout.fee_basis_points is above 0");
        }
        basisPoints("payout.donation_basis_points", p.donationBasisPoints());
        if (p.donationBasisPoints() > 0 && blank(p.donationAddress())) {
            throw new ConfigException(
                    "payout.donation_address",
                    p.donationAddress(),
                    "an address when payout.donation_basis_points is above 0");
        }
        // Test networks need huge multipliers (on regtest a network difficulty is far below one share), hence no small
        // cap.
        if (p.windowMultiplier() < 1) {
            throw new ConfigException(
                    "payout.window_multiplier",
                    p.windowMultiplier(),
                    "a whole number of at least 1 (times the network difficulty; 8 is the default)");
        }
        if (p.finderBonusSats() < 0) {
            throw new ConfigException("payout.finder_bonus_sats", p.finderBonusSats(), "0 (no bonus) or more satoshis");
        }
        basisPoints("payout.finder_bonus_basis_points", p.finderBonusBasisPoints());
        if (p.finderBonusSats() > 0 && p.finderBonusBasisPoints() > 0) {
            throw new ConfigException(
                    "payout.finder_bonus_basis_points",
                    p.finderBonusBasisPoints(),
                    "0 when payout.finder_bonus_sats is set (" + p.finderBonusSats()
                            + "): use one kind of finder bonus");
        }
        boolean bonus = p.finderBonusSats() > 0 || p.finderBonusBasisPoints() > 0;
        if (bonus && !p.isPplns()) {
            throw new ConfigException(
                    p.finderBonusSats() > 0 ? "payout.finder_bonus_sats" : "payout.finder_bonus_basis_points",
                    p.finderBonusSats() > 0 ? p.finderBonusSats() : p.finderBonusBasisPoints(),
                    "0 when payout.scheme is \"solo\" (the finder already gets the whole reward)");
        }
        int taken = p.feeBasisPoints() + p.donationBasisPoints() + p.finderBonusBasisPoints();
        if (taken > 10_000) {
            throw new ConfigException(
                    "payout.fee_basis_points",
                    p.feeBasisPoints(),
                    "fee + donation + finder bonus basis points at most 10000 together (now " + taken + ")");
        }
        int fixed = 1 + (p.feeBasisPoints() > 0 ? 1 : 0) + (p.donationBasisPoints() > 0 ? 1 : 0);
        if (p.maxOutputs() < fixed || p.maxOutputs() > 10_000) {
            throw new ConfigException(
                    "payout.max_outputs",
                    p.maxOutputs(),
                    fixed + " to 10000 (room for at least one miner"
                            + (fixed > 1 ? " plus the fee and donation outputs" : "") + ")");
        }
        if (p.minOutputSats() < 0 || p.minOutputSats() > 21_000_000L * 100_000_000L) {
            throw new ConfigException("payout.min_output_sats", p.minOutputSats(), "0 (no minimum) or more satoshis");
        }
    }

    private static void basisPoints(String key, int value) {
        if (value < 0 || value > 10_000) {
            throw new ConfigException(key, value, "0 to 10000 (100 = 1%)");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
