package org.potluck.cli.config;

import java.util.List;
import org.potluck.config.ConfigException;

/**
 * {@code [ops]}: where block-found notifications go (empty = nowhere) and the log format ("text" or "json"). Both are
 * the command line's: the webhook is one of the server's listeners, the log format is set before the pool starts.
 */
public record OpsConfig(String webhookUrl, String logFormat) {
    public static final OpsConfig DEFAULT = new OpsConfig("", "text");

    public OpsConfig {
        webhookUrl = webhookUrl == null ? "" : webhookUrl;
        logFormat = logFormat == null ? "text" : logFormat;
    }

    public boolean webhookEnabled() {
        return !webhookUrl.isEmpty();
    }

    public boolean jsonLogs() {
        return "json".equals(logFormat);
    }

    public void validate() {
        if (!webhookUrl.isEmpty() && !(webhookUrl.startsWith("http://") || webhookUrl.startsWith("https://"))) {
            throw new ConfigException("ops.webhook_url", webhookUrl, "empty (off) or an http:// or https:// URL");
        }
        if (!List.of("text", "json").contains(logFormat)) {
            throw new ConfigException("ops.log_format", logFormat, "\"text\" or \"json\"");
        }
    }
}
