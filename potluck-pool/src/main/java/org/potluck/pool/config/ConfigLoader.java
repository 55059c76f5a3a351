package org.potluck.pool.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads the TOML config into {@link PoolConfig}. Read by hand rather than bound automatically so that every missing
 * key gets its documented default and every wrong one an error naming the key, the value and what was expected.
 */
public final class ConfigLoader {
    private static final TomlMapper TOML = new TomlMapper();

    private ConfigLoader() {
    }

    public static PoolConfig load(Path file) throws IOException {
        String text = Files.readString(file);
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    public static PoolConfig parse(String toml) {
        JsonNode root;
        try {
            root = TOML.readTree(toml);
        } catch (JacksonException e) {
            throw new ConfigException("not valid TOML: " + e.getOriginalMessage());
        }
        allowOnly(root, "", Set.of("network", "data_dir", "stratum", "node", "node_timing", "payout"));
        var d = PoolConfig.defaultStratum();
        JsonNode s = table(root, "stratum");
        allowOnly(s, "stratum.", Set.of("host", "port", "start_difficulty", "min_difficulty", "max_difficulty",
                "target_share_seconds", "version_mask", "extranonce2_size", "coinbase_tag", "max_line_bytes",
                "idle_seconds_before_authorize", "ban_seconds"));
        var stratum = new PoolConfig.StratumConfig(
                string(s, "stratum.host", d.host()),
                integer(s, "stratum.port", d.port()),
                number(s, "stratum.start_difficulty", d.startDifficulty()),
                number(s, "stratum.min_difficulty", d.minDifficulty()),
                number(s, "stratum.max_difficulty", d.maxDifficulty()),
                number(s, "stratum.target_share_seconds", d.targetShareSeconds()),
                hexMask(s, "stratum.version_mask", d.versionMask()),
                integer(s, "stratum.extranonce2_size", d.extranonce2Size()),
                string(s, "stratum.coinbase_tag", d.coinbaseTag()),
                integer(s, "stratum.max_line_bytes", d.maxLineBytes()),
                integer(s, "stratum.idle_seconds_before_authorize", d.idleSecondsBeforeAuthorize()),
                integer(s, "stratum.ban_seconds", d.banSeconds()));

        List<PoolConfig.NodeConfig> nodes = new ArrayList<>();
        JsonNode nodeList = root.get("node");
        if (nodeList != null) {
            if (!nodeList.isArray()) {
                throw new ConfigException("node", nodeList.toString(), "one or more [[node]] tables");
            }
            for (JsonNode n : nodeList) {
                allowOnly(n, "node.", Set.of("url", "user", "password", "cookie", "zmq_hashblock"));
                nodes.add(new PoolConfig.NodeConfig(string(n, "node.url", null), string(n, "node.user", null),
                        string(n, "node.password", null), string(n, "node.cookie", null), string(n, "node.zmq_hashblock", null)));
            }
        }
        JsonNode t = table(root, "node_timing");
        allowOnly(t, "node_timing.", Set.of("poll_interval_ms", "template_refresh_seconds"));
        var timing = new PoolConfig.NodeTiming(integer(t, "node_timing.poll_interval_ms", 500),
                integer(t, "node_timing.template_refresh_seconds", 30));
        JsonNode p = table(root, "payout");
        allowOnly(p, "payout.", Set.of("scheme", "fee_basis_points", "fee_address"));
        var payout = new PoolConfig.PayoutConfig(string(p, "payout.scheme", "solo"),
                integer(p, "payout.fee_basis_points", 0), string(p, "payout.fee_address", null));
        return new PoolConfig(string(root, "network", "main"), stratum, nodes, timing, payout,
                string(root, "data_dir", "potluck-data")).validate();
    }

    private static JsonNode table(JsonNode root, String name) {
        JsonNode t = root.get(name);
        if (t == null) {
            return TOML.createObjectNode();
        }
        if (!t.isObject()) {
            throw new ConfigException(name, t.toString(), "a [" + name + "] table");
        }
        return t;
    }

    private static void allowOnly(JsonNode table, String prefix, Set<String> keys) {
        for (Iterator<String> it = table.propertyNames().iterator(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw new ConfigException("unknown config key '" + prefix + key + "' (known keys here: " + keys.stream().sorted().toList() + ")");
            }
        }
    }

    private static String string(JsonNode t, String key, String fallback) {
        JsonNode v = t.get(leaf(key));
        if (v == null) {
            return fallback;
        }
        if (!v.isString()) {
            throw new ConfigException(key, v.toString(), "a string in quotes");
        }
        return v.stringValue();
    }

    private static int integer(JsonNode t, String key, int fallback) {
        JsonNode v = t.get(leaf(key));
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ConfigException(key, v.toString(), "a whole number");
        }
        return v.intValue();
    }

    private static double number(JsonNode t, String key, double fallback) {
        JsonNode v = t.get(leaf(key));
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new ConfigException(key, v.toString(), "a number");
        }
        return v.doubleValue();
    }

    private static int hexMask(JsonNode t, String key, int fallback) {
        String v = string(t, key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseUnsignedInt(v, 16);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "8 hex digits, e.g. \"1fffe000\"");
        }
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
