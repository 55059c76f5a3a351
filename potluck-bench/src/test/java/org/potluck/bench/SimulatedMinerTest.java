package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.potluck.stratum.Notify;
import org.potluck.stratum.StratumError;
import org.potluck.stratum.StratumMessages;
import org.potluck.stratum.Submit;
import org.potluck.stratum.SubmitScanner;
import tools.jackson.databind.node.JsonNodeFactory;

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

    @Test
    void submitsAreWhatThePoolReadsAndEachAnswerIsCountedByItsKind() throws Exception {
        try (var generator = generator()) {
            var miner = new SimulatedMiner(generator, "u.0");
            var channel = new EmbeddedChannel(miner);
            channel.readOutbound(); // subscribe and authorize
            for (String line : List.of(
                    "{\"id\":1,\"result\":[[[\"mining.notify\",\"1\"]],\"08000002\",4],\"error\":null}",
                    "{\"id\":2,\"result\":true,\"error\":null}",
                    StratumMessages.notify(new Notify(
                                    "5", PREV, "aa", "bb", List.of(), "20000004", "1705ae3a", "647025b5", true))
                            .strip())) {
                channel.writeInbound(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII));
            }

            miner.startSubmitting(1, 2);
            List<Submit> sent = new ArrayList<>();
            for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
                var scanned = SubmitScanner.scan(
                        ByteBufUtil.getBytes(out), 0, out.readableBytes() - 1); // without the newline
                assertThat(scanned).as("a submit the pool's fast path reads").isNotNull();
                sent.add(scanned.submit());
            }
            assertThat(sent)
                    .extracting(Submit::jobId, Submit::extranonce2, Submit::ntimeHex, Submit::nonceHex)
                    .containsExactly(
                            tuple("5", "00000000", "647025b5", "00000000"),
                            tuple("5", "00000000", "647025b5", "00000001"));

            channel.writeInbound(
                    Unpooled.wrappedBuffer(StratumMessages.trueResult(JsonNodeFactory.instance.numberNode(10))));
            channel.writeInbound(Unpooled.copiedBuffer(
                    StratumMessages.error(
                                    JsonNodeFactory.instance.numberNode(11),
                                    StratumError.LOW_DIFFICULTY,
                                    "low difficulty share (0.5 < 1)")
                            .strip(),
                    StandardCharsets.US_ASCII));

            LoadStats stats = generator.stats();
            assertThat(stats.answered).isEqualTo(2);
            assertThat(stats.accepted).isEqualTo(1);
            assertThat(stats.rejectReasons).containsExactly(entry("23 low difficulty share (0.5 < )", 1L));
            assertThat(generator.problems()).isEmpty();
            channel.finishAndReleaseAll();
        }
    }

    private static LoadGenerator generator() {
        return new LoadGenerator(
                new LoadGenerator.Plan("127.0.0.1", 1, 1, LoadGenerator.Mode.STEADY, 1, 0, 0, "u", 1, 1));
    }
}
