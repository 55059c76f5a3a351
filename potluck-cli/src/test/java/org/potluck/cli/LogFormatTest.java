package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.potluck.cli.config.OpsConfig;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class LogFormatTest {
    private final PrintStream realOut = System.out;

    @AfterEach
    void backToText() {
        System.setOut(realOut);
        System.clearProperty(LogFormat.PROPERTY);
        LogFormat.reconfigure();
    }

    private String logOneLine(String message) {
        var buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            LoggerFactory.getLogger("org.potluck.test").info(message, 42);
        } finally {
            System.setOut(realOut);
        }
        return buffer.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void logsAreReadableTextByDefault() {
        assumeNoJsonFromTheEnvironment();
        // The test class path may carry a logback-test.xml: read the shipped logback.xml as the launcher does.
        LogFormat.reconfigure();
        LogFormat.apply(OpsConfig.DEFAULT);

        assertThat(logOneLine("block found at height {}"))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  block found at height 42");
    }

    @Test
    void opsLogFormatJsonSwitchesToOneJsonObjectPerLine() {
        LogFormat.apply(new OpsConfig("", "json"));

        JsonNode line = new ObjectMapper().readTree(logOneLine("block found at height {}"));
        assertThat(line.get("level").asString()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asString()).isEqualTo("org.potluck.test");
        assertThat(line.get("formattedMessage").asString()).isEqualTo("block found at height 42");
        assertThat(line.get("timestamp").asLong()).isPositive();
    }

    private static void assumeNoJsonFromTheEnvironment() {
        org.junit.jupiter.api.Assumptions.assumeFalse("json".equals(System.getenv(LogFormat.PROPERTY)));
    }
}
