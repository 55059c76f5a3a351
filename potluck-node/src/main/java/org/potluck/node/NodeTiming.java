package org.potluck.node;

import org.potluck.config.ConfigException;

/** {@code [node_timing]}: how often the watcher polls the node, and how old a template may get before it is refreshed. */
public record NodeTiming(long pollIntervalMillis, long templateRefreshSeconds) {
    public static final NodeTiming DEFAULT = new NodeTiming(500, 30);

    public void validate() {
        if (pollIntervalMillis < 10) {
            throw new ConfigException("node_timing.poll_interval_ms", pollIntervalMillis, "at least 10 milliseconds");
        }
        if (templateRefreshSeconds < 1) {
            throw new ConfigException(
                    "node_timing.template_refresh_seconds", templateRefreshSeconds, "at least 1 second");
        }
    }
}
