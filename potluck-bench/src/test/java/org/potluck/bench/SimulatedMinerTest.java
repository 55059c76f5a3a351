package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The miner's handling of what a pool sends, on an in-memory channel (no pool needed). */
class SimulatedMinerTest {
    private static final String PREV = "0c859545a3498373a57452fac22eb7113df2a465000543520000000000000000";

    @Test
    void unreadableLineIsReportedAndTheConnectionStaysOpen() {
        try (var generator = generator()) {
            var channel = new EmbeddedChannel(new SimulatedMiner(generator, "u.0"));

            channel.writeInbound(Unpooled.copiedBuffer(
                    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"1\",\"ab", StandardCharsets.US_ASCII));

            assertThat(generator.problems())
                    .singleElement()
                    .asString()
                    .startsWith("unreadable line (unterminated string at offset 50): {\"id\":null");
            assertThat(channel.isActive()).isTrue();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void minerIsReadyAfterAuthorizeAndASpacedNotify() {
        try (var generator = generator()) {
            var channel = new EmbeddedChannel(new SimulatedMiner(generator, "u.0"));
            for (String line : List.of(
                    "{\"id\": 1, \"result\": [[[\"mining.notify\", \"1\"]], \"08000002\", 4], \"error\": null}",
                    "{\"id\": 2, \"result\": true, \"error\": null}",
                    "{\"params\": [512], \"id\": null, \"method\": \"mining.set_difficulty\"}",
                    "{\"params\": [\"5\", \"" + PREV
                            + "\", \"aa\", \"bb\", [], \"20000004\", \"1705ae3a\", \"647025b5\", true],"
                            + " \"id\": null, \"method\": \"mining.notify\"}")) {
                channel.writeInbound(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII));
            }

            assertThat(generator.problems()).isEmpty();
            assertThat(generator.readyMiners()).isEqualTo(1);
            channel.finishAndReleaseAll();
        }
    }

    private static LoadGenerator generator() {
        return new LoadGenerator(new LoadGenerator.Plan("127.0.0.1", 1, 1, LoadGenerator.Mode.STEADY, 1, 0, "u", 1, 1));
    }
}
