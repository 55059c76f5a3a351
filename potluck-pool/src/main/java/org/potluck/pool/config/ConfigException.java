package org.potluck.pool.config;

/** A configuration value that cannot work; the message names the key, the value and what is expected. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String key, Object value, String expected) {
        super("config key '" + key + "' has value " + quote(value) + ": expected " + expected);
    }

    public ConfigException(String message) {
        super(message);
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
