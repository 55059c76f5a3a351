package org.potluck.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.potluck.cli.config.OpsConfig;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log to JSON when the config file asks for it. Logback configures itself before the file is
 * read, from POTLUCK_LOG_FORMAT; {@code ops.log_format = "json"} therefore re-runs logback.xml with that property set.
 */
final class LogFormat {
    static final String PROPERTY = "POTLUCK_LOG_FORMAT";

    private LogFormat() {}

    /** Call once the config is loaded and before the pool starts logging. */
    static void apply(OpsConfig ops) {
        if (!ops.jsonLogs() || "json".equals(System.getenv(PROPERTY)) || "json".equals(System.getProperty(PROPERTY))) {
            return;
        }
        System.setProperty(PROPERTY, "json");
        reconfigure();
    }

    /** Reads logback.xml again, so that a changed POTLUCK_LOG_FORMAT property takes effect. */
    static void reconfigure() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding on the class path: it has its own configuration
        }
        URL xml = LogFormat.class.getResource("/logback.xml");
        if (xml == null) {
            return;
        }
        context.reset();
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(xml);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot re-read logback.xml: " + e.getMessage(), e);
        }
    }
}
