package org.potluck.pool.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which keys differ between two configs, by the names the TOML file uses, and which of those a running pool can take
 * without a restart. Live keys are the ones read afresh for each new session or job; the rest are baked into sockets,
 * threads, the database or the coinbase layout when the pool starts. The pool's keys are compared here; the sections
 * that are not the pool's ([web], [ops]) are added by whoever holds them ({@link #compare}).
 */
public final class ConfigDiff {
    /** Keys a reload applies to the running pool. */
    public static final Set<String> LIVE_KEYS = Set.of(
            "stratum.start_difficulty",
            "stratum.min_difficulty",
            "stratum.max_difficulty",
            "stratum.target_share_seconds",
            "stratum.ban_seconds",
            "stratum.max_connections_per_ip",
            "stratum.max_connections",
            "stratum.slow_reader_close_seconds",
            "payout.fee_basis_points",
            "payout.fee_address",
            "payout.donation_basis_points",
            "payout.donation_address",
            "payout.finder_bonus_sats",
            "payout.finder_bonus_basis_points",
            "payout.max_outputs",
            "payout.min_output_sats");

    private final List<String> changed = new ArrayList<>();

    private ConfigDiff() {}

    /** Every pool key whose value differs between {@code before} and {@code after}, in the example file's order. */
    public static List<String> changedKeys(PoolConfig before, PoolConfig after) {
        return between(before, after).keys();
    }

    /** The pool's keys compared; more sections may follow with {@link #compare}. */
    public static ConfigDiff between(PoolConfig before, PoolConfig after) {
        var d = new ConfigDiff();
        d.compare("network", before.network(), after.network());
        d.compare("data_dir", before.dataDir(), after.dataDir());
        var s = before.stratum();
        var t = after.stratum();
        d.compare("stratum.host", s.host(), t.host());
        d.compare("stratum.port", s.port(), t.port());
        d.compare("stratum.start_difficulty", s.startDifficulty(), t.startDifficulty());
        d.compare("stratum.min_difficulty", s.minDifficulty(), t.minDifficulty());
        d.compare("stratum.max_difficulty", s.maxDifficulty(), t.maxDifficulty());
        d.compare("stratum.target_share_seconds", s.targetShareSeconds(), t.targetShareSeconds());
        d.compare("stratum.version_mask", s.versionMask(), t.versionMask());
        d.compare("stratum.extranonce2_size", s.extranonce2Size(), t.extranonce2Size());
        d.compare("stratum.coinbase_tag", s.coinbaseTag(), t.coinbaseTag());
        d.compare("stratum.max_line_bytes", s.maxLineBytes(), t.maxLineBytes());
        d.compare(
                "stratum.idle_seconds_before_authorize",
                s.idleSecondsBeforeAuthorize(),
                t.idleSecondsBeforeAuthorize());
        d.compare("stratum.ban_seconds", s.banSeconds(), t.banSeconds());
        d.compare("stratum.max_connections_per_ip", s.maxConnectionsPerIp(), t.maxConnectionsPerIp());
        d.compare("stratum.max_connections", s.maxConnections(), t.maxConnections());
        d.compare("stratum.slow_reader_close_seconds", s.slowReaderCloseSeconds(), t.slowReaderCloseSeconds());
        // Node entries are compared whole: any change to the failover list means new RPC clients.
        d.compare("node", before.nodes(), after.nodes());
        d.compare(
                "node_timing.poll_interval_ms",
                before.nodeTiming().pollIntervalMillis(),
                after.nodeTiming().pollIntervalMillis());
        d.compare(
                "node_timing.template_refresh_seconds",
                before.nodeTiming().templateRefreshSeconds(),
                after.nodeTiming().templateRefreshSeconds());
        var p = before.payout();
        var q = after.payout();
        d.compare("payout.scheme", p.scheme(), q.scheme());
        d.compare("payout.fee_basis_points", p.feeBasisPoints(), q.feeBasisPoints());
        d.compare("payout.fee_address", p.feeAddress(), q.feeAddress());
        d.compare("payout.window_multiplier", p.windowMultiplier(), q.windowMultiplier());
        d.compare("payout.donation_basis_points", p.donationBasisPoints(), q.donationBasisPoints());
        d.compare("payout.donation_address", p.donationAddress(), q.donationAddress());
        d.compare("payout.finder_bonus_sats", p.finderBonusSats(), q.finderBonusSats());
        d.compare("payout.finder_bonus_basis_points", p.finderBonusBasisPoints(), q.finderBonusBasisPoints());
        d.compare("payout.max_outputs", p.maxOutputs(), q.maxOutputs());
        d.compare("payout.min_output_sats", p.minOutputSats(), q.minOutputSats());
        d.compare("storage.url", before.storage().url(), after.storage().url());
        return d;
    }

    /** The keys found to differ so far, in the order they were compared. */
    public List<String> keys() {
        return List.copyOf(changed);
    }

    /** The changed keys a running pool cannot take: empty when a reload may go ahead. */
    public static List<String> needingRestart(List<String> changedKeys) {
        return changedKeys.stream().filter(k -> !LIVE_KEYS.contains(k)).toList();
    }

    /** Notes {@code key} as changed when its two values differ. */
    public ConfigDiff compare(String key, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(key);
        }
        return this;
    }
}
