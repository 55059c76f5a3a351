package org.potluck.config;

/** A configuration value that cannot work; the message names the key, the value and what is expected. */
public final class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, Object value, String expected) {
        this(key, "config key '" + key + "' has value " + quote(value) + ": expected " + expected);
    }

    public ConfigException(String message) {
        this(null, message);
    }

    private ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** A value given by an environment variable rather than the file: the message names the variable first. */
    public static ConfigException fromEnvironment(String variable, String key, Object value, String expected) {
        return new ConfigException(
                key,
                "environment variable " + variable + " (config key '" + key + "') has value " + quote(value)
                        + ": expected " + expected);
    }

    /** The same problem with {@code where} (a file, a variable) put in front, so the operator knows where to look. */
    public ConfigException at(String where) {
        return new ConfigException(key, where + ": " + getMessage());
    }

    /** The config key at fault, like {@code stratum.port} or {@code node[0].url}; null when no single key is. */
    public String key() {
        return key;
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
