package org.potluck.cli.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.potluck.config.ConfigException;
import org.potluck.config.EnvironmentVariables;
import org.potluck.node.NodeConfig;
import org.potluck.node.NodeTiming;
import org.potluck.pool.config.PoolConfig;
import org.potluck.store.StorageConfig;
import org.potluck.web.WebConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads the TOML config into {@link PotluckConfig}, then lets environment variables override any key. Read by hand rather
 * than bound automatically so that every missing key gets its documented default and every wrong one an error naming
 * the key (or variable), the value and what was expected.
 *
 * <p>Environment rule ({@link EnvironmentVariables}): {@code POTLUCK_<SECTION>_<KEY>} in upper case,
 * {@code POTLUCK_<KEY>} for top-level keys, and {@code POTLUCK_NODE_<N>_<KEY>} for the N-th (from 0) {@code [[node]]};
 * N equal to the number of nodes adds one.
 * Variables that start with a section's prefix but name no key are refused (a typo must not be silently ignored);
 * other {@code POTLUCK_*} variables (POTLUCK_LOG, POTLUCK_LOG_FORMAT, POTLUCK_JAVA) belong to the launcher and logging.
 */
public final class ConfigLoader {
    private static final TomlMapper TOML = new TomlMapper();
    private static final String ENV_PREFIX = EnvironmentVariables.PREFIX;
    private static final Pattern NODE_ENV = Pattern.compile("(\\d+)_(.+)");

    private enum Type {
        STRING,
        INT,
        LONG,
        NUMBER,
        BOOL,
        HEX
    }

    /** Every key the loader knows, by section ("" = top level), in the order the example file documents them. */
    private static final Map<String, Map<String, Type>> SCHEMA = new LinkedHashMap<>();

    static {
        section("", "network", Type.STRING, "data_dir", Type.STRING);
        section(
                "stratum",
                "host",
                Type.STRING,
                "port",
                Type.INT,
                "start_difficulty",
                Type.NUMBER,
                "min_difficulty",
                Type.NUMBER,
                "max_difficulty",
                Type.NUMBER,
                "target_share_seconds",
                Type.NUMBER,
                "version_mask",
                Type.HEX,
                "extranonce2_size",
                Type.INT,
                "coinbase_tag",
                Type.STRING,
                "max_line_bytes",
                Type.INT,
                "idle_seconds_before_authorize",
                Type.INT,
                "ban_seconds",
                Type.INT,
                "max_connections_per_ip",
                Type.INT,
                "max_connections",
                Type.INT,
                "slow_reader_close_seconds",
                Type.INT);
        section(
                "node",
                "url",
                Type.STRING,
                "user",
                Type.STRING,
                "password",
                Type.STRING,
                "cookie",
                Type.STRING,
                "zmq_hashblock",
                Type.STRING);
        section("node_timing", "poll_interval_ms", Type.INT, "template_refresh_seconds", Type.INT);
        section(
                "payout",
                "scheme",
                Type.STRING,
                "fee_basis_points",
                Type.INT,
                "fee_address",
                Type.STRING,
                "window_multiplier",
                Type.INT,
                "donation_basis_points",
                Type.INT,
                "donation_address",
                Type.STRING,
                "finder_bonus_sats",
                Type.LONG,
                "finder_bonus_basis_points",
                Type.INT,
                "max_outputs",
                Type.INT,
                "min_output_sats",
                Type.LONG);
        section("storage", "url", Type.STRING);
        section(
                "web",
                "host",
                Type.STRING,
                "port",
                Type.INT,
                "enabled",
                Type.BOOL,
                "admin_token",
                Type.STRING,
                "admin_allow_remote",
                Type.BOOL,
                "max_live_streams",
                Type.INT,
                "max_live_streams_per_ip",
                Type.INT);
        section("ops", "webhook_url", Type.STRING, "log_format", Type.STRING);
    }

    private static void section(String name, Object... keysAndTypes) {
        Map<String, Type> keys = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTypes.length; i += 2) {
            keys.put((String) keysAndTypes[i], (Type) keysAndTypes[i + 1]);
        }
        SCHEMA.put(name, keys);
    }

    private ConfigLoader() {}

    /** Reads {@code file} with this process's environment overriding it. */
    public static PotluckConfig load(Path file) throws IOException {
        return load(file, System.getenv());
    }

    /** Reads {@code file}, then applies the {@code POTLUCK_*} entries of {@code env} over it. */
    public static PotluckConfig load(Path file, Map<String, String> env) throws IOException {
        return read(Files.readString(file), file.toString(), env);
    }

    /** Reads TOML text alone, no environment. */
    public static PotluckConfig parse(String toml) {
        return read(toml, null, Map.of());
    }

    public static PotluckConfig parse(String toml, Map<String, String> env) {
        return read(toml, null, env);
    }

    /** Every key as written in the file: {@code network}, {@code stratum.port}, {@code node.url}, ... */
    public static List<String> knownKeys() {
        List<String> keys = new ArrayList<>();
        SCHEMA.forEach(
                (section, names) -> names.keySet().forEach(k -> keys.add(section.isEmpty() ? k : section + "." + k)));
        return List.copyOf(keys);
    }

    /** The variable that overrides a key: {@code stratum.port} → POTLUCK_STRATUM_PORT, {@code node.url} → POTLUCK_NODE_0_URL. */
    public static String environmentVariable(String key) {
        int dot = key.indexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot);
        String name = key.substring(dot + 1);
        if (!SCHEMA.containsKey(section) || !SCHEMA.get(section).containsKey(name)) {
            throw new IllegalArgumentException("unknown config key '" + key + "'");
        }
        return EnvironmentVariables.of(key);
    }

    private static PotluckConfig read(String toml, String fileName, Map<String, String> env) {
        ObjectNode root;
        try {
            root = tree(toml);
            checkKeys(root);
        } catch (ConfigException e) {
            throw fileName == null ? e : e.at(fileName);
        }
        Map<String, String> fromEnv = applyEnvironment(root, env);
        try {
            return build(root).validate();
        } catch (ConfigException e) {
            String variable = e.key() == null ? null : fromEnv.get(e.key());
            if (variable != null) {
                throw e.at("environment variable " + variable);
            }
            throw fileName == null ? e : e.at(fileName);
        }
    }

    private static ObjectNode tree(String toml) {
        JsonNode root;
        try {
            root = TOML.readTree(toml);
        } catch (JacksonException e) {
            var at = e.getLocation();
            String where = at == null || at.getLineNr() < 1
                    ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("not valid TOML" + where + ": " + e.getOriginalMessage());
        }
        return root instanceof ObjectNode o ? o : TOML.createObjectNode();
    }

    private static void checkKeys(ObjectNode root) {
        for (String key : root.propertyNames()) {
            boolean topLevel = SCHEMA.get("").containsKey(key);
            if (!topLevel && (key.isEmpty() || !SCHEMA.containsKey(key))) {
                throw unknown(key, SCHEMA.get("").keySet().stream().toList(), sectionNames());
            }
            JsonNode value = root.get(key);
            if (key.equals("node")) {
                if (!value.isArray()) {
                    throw new ConfigException("node", value, "one or more [[node]] tables");
                }
                for (int i = 0; i < value.size(); i++) {
                    if (!value.get(i).isObject()) {
                        throw new ConfigException("node[" + i + "]", value.get(i), "a [[node]] table");
                    }
                    allowOnly(value.get(i), "node[" + i + "].", "node");
                }
            } else if (!topLevel) {
                if (!value.isObject()) {
                    throw new ConfigException(key, value, "a [" + key + "] table");
                }
                allowOnly(value, key + ".", key);
            }
        }
    }

    private static void allowOnly(JsonNode table, String prefix, String section) {
        for (String key : table.propertyNames()) {
            if (!SCHEMA.get(section).containsKey(key)) {
                throw unknown(
                        prefix + key,
                        SCHEMA.get(section).keySet().stream().sorted().toList(),
                        List.of());
            }
        }
    }

    private static ConfigException unknown(String key, List<String> known, List<String> sections) {
        return new ConfigException("unknown config key '" + key + "' (known keys here: " + known
                + (sections.isEmpty() ? "" : ", sections: " + sections) + ")");
    }

    private static List<String> sectionNames() {
        return SCHEMA.keySet().stream().filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Writes each POTLUCK_* override into the tree, typed as the key expects.
     *
     * @return which variable set each key (as {@code stratum.port} or {@code node[0].url}), to name it in later errors
     */
    private static Map<String, String> applyEnvironment(ObjectNode root, Map<String, String> env) {
        Map<String, String> fromEnv = new HashMap<>();
        // Longest section first so that NODE_TIMING_ is not read as a [[node]] key; sorted so errors are repeatable.
        List<String> sections = SCHEMA.keySet().stream()
                .filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (var entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(ENV_PREFIX)) {
                continue;
            }
            String rest = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (SCHEMA.get("").containsKey(rest)) {
                put(root, rest, SCHEMA.get("").get(rest), variable, rest, entry.getValue());
                fromEnv.put(rest, variable);
                continue;
            }
            for (String section : sections) {
                if (!rest.startsWith(section + "_")) {
                    continue;
                }
                String name = rest.substring(section.length() + 1);
                ObjectNode table;
                String path;
                if (section.equals("node")) {
                    Matcher m = NODE_ENV.matcher(name);
                    int index = 0;
                    if (m.matches()) {
                        index = Integer.parseInt(m.group(1));
                        name = m.group(2);
                    }
                    table = nodeTable(root, index, variable);
                    path = "node[" + index + "]." + name;
                } else {
                    table = root.has(section) ? (ObjectNode) root.get(section) : root.putObject(section);
                    path = section + "." + name;
                }
                Type type = SCHEMA.get(section).get(name);
                if (type == null) {
                    throw new ConfigException("environment variable " + variable + " names no config key: known in ["
                            + section + "]: "
                            + SCHEMA.get(section).keySet().stream()
                                    .map(k -> environmentVariable(section + "." + k))
                                    .toList());
                }
                put(table, name, type, variable, path, entry.getValue());
                fromEnv.put(path, variable);
                break;
            }
        }
        return fromEnv;
    }

    private static ObjectNode nodeTable(ObjectNode root, int index, String variable) {
        ArrayNode nodes = root.has("node") ? (ArrayNode) root.get("node") : root.putArray("node");
        if (index < nodes.size()) {
            return (ObjectNode) nodes.get(index);
        }
        if (index == nodes.size()) {
            return nodes.addObject();
        }
        throw new ConfigException("environment variable " + variable + " sets [[node]] number " + index
                + " but there are only " + nodes.size() + " before it: number the nodes from 0 without gaps");
    }

    private static void put(ObjectNode table, String name, Type type, String variable, String key, String raw) {
        String v = raw.strip();
        try {
            switch (type) {
                case STRING, HEX -> table.put(name, raw);
                case INT -> table.put(name, Integer.parseInt(v));
                case LONG -> table.put(name, Long.parseLong(v));
                case NUMBER -> table.put(name, Double.parseDouble(v));
                case BOOL -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw ConfigException.fromEnvironment(variable, key, raw, "true or false");
                    }
                    table.put(name, Boolean.parseBoolean(v));
                }
            }
        } catch (NumberFormatException e) {
            throw ConfigException.fromEnvironment(
                    variable, key, raw, type == Type.NUMBER ? "a number" : "a whole number");
        }
    }

    private static PotluckConfig build(ObjectNode root) {
        Table top = new Table(root, "");
        var d = PoolConfig.defaultStratum();
        Table s = Table.of(root, "stratum");
        var stratum = new PoolConfig.StratumConfig(
                s.string("host", d.host()),
                s.integer("port", d.port()),
                s.number("start_difficulty", d.startDifficulty()),
                s.number("min_difficulty", d.minDifficulty()),
                s.number("max_difficulty", d.maxDifficulty()),
                s.number("target_share_seconds", d.targetShareSeconds()),
                s.hexMask("version_mask", d.versionMask()),
                s.integer("extranonce2_size", d.extranonce2Size()),
                s.string("coinbase_tag", d.coinbaseTag()),
                s.integer("max_line_bytes", d.maxLineBytes()),
                s.integer("idle_seconds_before_authorize", d.idleSecondsBeforeAuthorize()),
                s.integer("ban_seconds", d.banSeconds()),
                s.integer("max_connections_per_ip", d.maxConnectionsPerIp()),
                s.integer("max_connections", d.maxConnections()),
                s.integer("slow_reader_close_seconds", d.slowReaderCloseSeconds()));

        List<NodeConfig> nodes = new ArrayList<>();
        JsonNode nodeList = root.get("node");
        if (nodeList != null) {
            for (int i = 0; i < nodeList.size(); i++) {
                Table n = new Table(nodeList.get(i), "node[" + i + "]");
                nodes.add(new NodeConfig(
                        n.optional("url"),
                        n.optional("user"),
                        n.optional("password"),
                        n.optional("cookie"),
                        n.optional("zmq_hashblock")));
            }
        }
        var dt = NodeTiming.DEFAULT;
        Table t = Table.of(root, "node_timing");
        var timing = new NodeTiming(
                t.integer("poll_interval_ms", (int) dt.pollIntervalMillis()),
                t.integer("template_refresh_seconds", (int) dt.templateRefreshSeconds()));

        Table p = Table.of(root, "payout");
        var payout = new PoolConfig.PayoutConfig(
                p.string("scheme", "solo"),
                p.integer("fee_basis_points", 0),
                p.optional("fee_address"),
                p.integer("window_multiplier", PoolConfig.PayoutConfig.DEFAULT_WINDOW_MULTIPLIER),
                p.integer("donation_basis_points", 0),
                p.optional("donation_address"),
                p.longInteger("finder_bonus_sats", 0),
                p.integer("finder_bonus_basis_points", 0),
                p.integer("max_outputs", PoolConfig.PayoutConfig.DEFAULT_MAX_OUTPUTS),
                p.longInteger("min_output_sats", PoolConfig.PayoutConfig.DEFAULT_MIN_OUTPUT_SATS));

        var storage = new StorageConfig(Table.of(root, "storage").string("url", StorageConfig.DEFAULT.url()));
        var dw = WebConfig.DEFAULT;
        Table w = Table.of(root, "web");
        var web = new WebConfig(
                w.string("host", dw.host()),
                w.integer("port", dw.port()),
                w.bool("enabled", dw.enabled()),
                w.string("admin_token", dw.adminToken()),
                w.bool("admin_allow_remote", dw.adminAllowRemote()),
                w.integer("max_live_streams", dw.maxLiveStreams()),
                w.integer("max_live_streams_per_ip", dw.maxLiveStreamsPerIp()));
        var dops = OpsConfig.DEFAULT;
        Table o = Table.of(root, "ops");
        var ops = new OpsConfig(o.string("webhook_url", dops.webhookUrl()), o.string("log_format", dops.logFormat()));

        var pool = new PoolConfig(
                top.string("network", "main"),
                stratum,
                nodes,
                timing,
                payout,
                top.string("data_dir", "potluck-data"),
                storage);
        return new PotluckConfig(pool, web, ops);
    }

    /** One table of the tree, read with defaults; {@code path} prefixes key names in errors. */
    private record Table(JsonNode node, String path) {
        static Table of(ObjectNode root, String section) {
            JsonNode t = root.get(section);
            return new Table(t == null ? TOML.createObjectNode() : t, section);
        }

        private String key(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        /** The value at {@code name}, the fallback when absent, or an error when {@code ok} refuses it. */
        private <T> T read(
                String name, T fallback, Predicate<JsonNode> ok, Function<JsonNode, T> value, String expected) {
            JsonNode v = node.get(name);
            if (v == null) {
                return fallback;
            }
            if (!ok.test(v)) {
                throw new ConfigException(key(name), v, expected);
            }
            return value.apply(v);
        }

        String string(String name, String fallback) {
            return read(name, fallback, JsonNode::isString, JsonNode::stringValue, "a string in quotes");
        }

        /** A string where empty means "not set", as an operator writes {@code fee_address = ""}. */
        String optional(String name) {
            String v = string(name, null);
            return v == null || v.isBlank() ? null : v;
        }

        int integer(String name, int fallback) {
            return read(
                    name,
                    fallback,
                    v -> v.isIntegralNumber() && v.canConvertToInt(),
                    JsonNode::intValue,
                    "a whole number");
        }

        long longInteger(String name, long fallback) {
            return read(
                    name,
                    fallback,
                    v -> v.isIntegralNumber() && v.canConvertToLong(),
                    JsonNode::longValue,
                    "a whole number");
        }

        double number(String name, double fallback) {
            return read(name, fallback, JsonNode::isNumber, JsonNode::doubleValue, "a number");
        }

        boolean bool(String name, boolean fallback) {
            return read(name, fallback, JsonNode::isBoolean, JsonNode::booleanValue, "true or false");
        }

        int hexMask(String name, int fallback) {
            String v = string(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseUnsignedInt(v, 16);
            } catch (NumberFormatException e) {
                throw new ConfigException(key(name), v, "8 hex digits, e.g. \"1fffe000\"");
            }
        }
    }
}
