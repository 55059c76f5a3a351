package org.potluck.config;

import java.util.Locale;

/**
 * The rule that names the environment variable overriding a config key, in one place so that the loader (which reads
 * them) and the error messages (which tell an operator which one to set) cannot drift apart:
 * {@code POTLUCK_<SECTION>_<KEY>} in upper case, {@code POTLUCK_<KEY>} for a top-level key, and
 * {@code POTLUCK_NODE_<N>_<KEY>} for the N-th (from 0) {@code [[node]]}, the one section that is a list.
 */
public final class EnvironmentVariables {
    public static final String PREFIX = "POTLUCK_";
    /** The one list section: its variables carry the entry's number. */
    public static final String LIST_SECTION = "node";

    private EnvironmentVariables() {}

    /** {@code stratum.port} → POTLUCK_STRATUM_PORT, {@code network} → POTLUCK_NETWORK, {@code node.url} → POTLUCK_NODE_0_URL. */
    public static String of(String key) {
        int dot = key.indexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot);
        String name = key.substring(dot + 1);
        String middle = section.isEmpty() ? "" : section + (section.equals(LIST_SECTION) ? "_0_" : "_");
        return (PREFIX + middle + name).toUpperCase(Locale.ROOT);
    }
}
