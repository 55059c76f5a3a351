package org.potluck.cli.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.potluck.pool.config.ConfigDiff;
import org.potluck.pool.config.PoolConfig;
import org.potluck.web.WebConfig;

/**
 * The whole config file: the pool's part and the sections of the modules that sit beside the pool ({@code [web]} in
 * potluck-web, {@code [ops]} here). It lives in the command line because that is the one module that sees them all;
 * {@link ConfigLoader} reads it.
 */
public record PotluckConfig(PoolConfig pool, WebConfig web, OpsConfig ops) {
    /** Keys a reload applies without a restart: the pool's, and the webhook URL (the webhook re-points itself). */
    public static final Set<String> LIVE_KEYS = live();

    public PotluckConfig {
        web = web == null ? WebConfig.DEFAULT : web;
        ops = ops == null ? OpsConfig.DEFAULT : ops;
    }

    /**
     * A pool on a bcoin regtest node (the demo and the tests, see {@link PoolConfig#bcoinRegtest}), whose web server
     * listens on loopback on a free port so that several test pools can run side by side.
     */
    public static PotluckConfig bcoinRegtest(
            String rpcUrl, String apiKey, String dataDir, int port, double startDifficulty, double targetShareSeconds) {
        return new PotluckConfig(
                PoolConfig.bcoinRegtest(rpcUrl, apiKey, dataDir, port, startDifficulty, targetShareSeconds),
                new WebConfig("127.0.0.1", 0, true, ""),
                OpsConfig.DEFAULT);
    }

    /** Checks the pool's sections first, then the others, in the example file's order. */
    public PotluckConfig validate() {
        pool.validate();
        web.validate(pool.stratum().port());
        ops.validate();
        return this;
    }

    public PotluckConfig withPool(PoolConfig p) {
        return new PotluckConfig(p, web, ops);
    }

    public PotluckConfig withWeb(WebConfig w) {
        return new PotluckConfig(pool, w, ops);
    }

    public PotluckConfig withOps(OpsConfig o) {
        return new PotluckConfig(pool, web, o);
    }

    /** Every key whose value differs between {@code before} and {@code after}, in the example file's order. */
    public static List<String> changedKeys(PotluckConfig before, PotluckConfig after) {
        WebConfig w = before.web();
        WebConfig v = after.web();
        return ConfigDiff.between(before.pool(), after.pool())
                .compare("web.host", w.host(), v.host())
                .compare("web.port", w.port(), v.port())
                .compare("web.enabled", w.enabled(), v.enabled())
                .compare("web.admin_token", w.adminToken(), v.adminToken())
                .compare("web.admin_allow_remote", w.adminAllowRemote(), v.adminAllowRemote())
                .compare("web.max_live_streams", w.maxLiveStreams(), v.maxLiveStreams())
                .compare("web.max_live_streams_per_ip", w.maxLiveStreamsPerIp(), v.maxLiveStreamsPerIp())
                .compare(
                        "ops.webhook_url",
                        before.ops().webhookUrl(),
                        after.ops().webhookUrl())
                .compare("ops.log_format", before.ops().logFormat(), after.ops().logFormat())
                .keys();
    }

    /** The changed keys a running server cannot take: empty when a reload may go ahead. */
    public static List<String> needingRestart(List<String> changedKeys) {
        return changedKeys.stream().filter(k -> !LIVE_KEYS.contains(k)).toList();
    }

    private static Set<String> live() {
        Set<String> keys = new HashSet<>(ConfigDiff.LIVE_KEYS);
        keys.add("ops.webhook_url");
        return Set.copyOf(keys);
    }
}
