package org.potluck.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class StratumMessagesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void resultIsOneLineWithIdResultAndNullError() {
        assertThat(StratumMessages.result(NODES.numberNode(1), true))
                .isEqualTo("{\"id\":1,\"result\":true,\"error\":null}\n");
        assertThat(StratumMessages.result(NODES.stringNode("a"), NODES.stringNode("pong")))
                .isEqualTo("{\"id\":\"a\",\"result\":\"pong\",\"error\":null}\n");
        assertThat(StratumMessages.result(null, true)).isEqualTo("{\"id\":null,\"result\":true,\"error\":null}\n");
    }

    @Test
    void trueResultIsByteForByteTheGeneralReplyForEveryKindOfId() {
        List<JsonNode> ids = List.of(
                NODES.numberNode(0),
                NODES.numberNode(7),
                NODES.numberNode(Long.MAX_VALUE),
                NODES.numberNode(-3),
                NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                NODES.numberNode(1.5),
                NODES.stringNode("abc-1_2.3:4"),
                NODES.stringNode("needs \"escaping\"\n"),
                NODES.stringNode("é"),
                NODES.stringNode(""),
                NODES.nullNode(),
                NODES.booleanNode(true),
                NODES.arrayNode().add(1));
        for (JsonNode id : ids) {
            assertThat(new String(StratumMessages.trueResult(id), StandardCharsets.UTF_8))
                    .as("id %s", id)
                    .isEqualTo(StratumMessages.result(id, true));
        }
        assertThat(new String(StratumMessages.trueResult(null), StandardCharsets.UTF_8))
                .isEqualTo(StratumMessages.result(null, true));
    }

    @Test
    void errorCarriesCodeMessageAndNullTraceback() {
        assertThat(StratumMessages.error(NODES.numberNode(5), StratumError.LOW_DIFFICULTY, "low difficulty share"))
                .isEqualTo("{\"id\":5,\"result\":null,\"error\":[23,\"low difficulty share\",null]}\n");
        assertThat(StratumMessages.resultWithError(
                        NODES.numberNode(3), false, StratumError.UNAUTHORIZED, "bad address"))
                .isEqualTo("{\"id\":3,\"result\":false,\"error\":[24,\"bad address\",null]}\n");
    }

    @Test
    void errorCodesAreTheTwentyToTwentyFiveEveryMinerKnows() {
        assertThat(List.of(StratumError.values()))
                .extracting(StratumError::code)
                .containsExactly(20, 21, 22, 23, 24, 25);
    }

    @Test
    void notifyHasNineParamsInProtocolOrderAsANotification() {
        String line = StratumMessages.notify(
                new Notify("1f", "prev", "c1", "c2", List.of("b1", "b2"), "20000000", "207fffff", "647025b5", true));
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        JsonNode n = StratumJson.MAPPER.readTree(line);
        assertThat(n.get("id").isNull()).isTrue();
        assertThat(n.get("method").asString()).isEqualTo("mining.notify");
        JsonNode p = n.get("params");
        assertThat(p.size()).isEqualTo(9);
        assertThat(List.of(p.get(0), p.get(1), p.get(2), p.get(3), p.get(5), p.get(6), p.get(7)))
                .extracting(JsonNode::asString)
                .containsExactly("1f", "prev", "c1", "c2", "20000000", "207fffff", "647025b5");
        assertThat(p.get(4).isArray()).isTrue();
        assertThat(p.get(4).get(1).asString()).isEqualTo("b2");
        assertThat(p.get(8).isBoolean()).isTrue();
        assertThat(p.get(8).asBoolean()).isTrue();
    }

    @Test
    void wholeDifficultiesAreIntegersAndFractionsArePlainDecimals() {
        assertThat(StratumMessages.setDifficulty(1000))
                .isEqualTo("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[1000]}\n");
        assertThat(StratumMessages.setDifficulty(0.0001)).contains("\"params\":[0.0001]");
        assertThat(StratumMessages.setDifficulty(1e-8)).contains("\"params\":[0.00000001]");
        assertThat(StratumMessages.setDifficulty(1.5)).contains("\"params\":[1.5]");
        assertThat(StratumMessages.setDifficulty(3e15)).contains("\"params\":[3000000000000000]");
    }

    @Test
    void otherServerMessagesHaveTheirProtocolShapes() {
        assertThat(StratumMessages.reconnect("127.0.0.1", 3333, 5))
                .isEqualTo("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"127.0.0.1\",3333,5]}\n");
        assertThat(StratumMessages.setExtranonce("0a0b0c0d", 8))
                .isEqualTo("{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"0a0b0c0d\",8]}\n");
        assertThat(StratumMessages.setVersionMask(0x1fffe000))
                .isEqualTo("{\"id\":null,\"method\":\"mining.set_version_mask\",\"params\":[\"1fffe000\"]}\n");
        assertThat(StratumMessages.showMessage("hello \"miner\""))
                .isEqualTo("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"hello \\\"miner\\\"\"]}\n");
        assertThat(StratumMessages.request(7, "mining.ping", NODES.arrayNode()))
                .isEqualTo("{\"id\":7,\"method\":\"mining.ping\",\"params\":[]}\n");
    }

    @Test
    void hex32IsEightLowerCaseDigitsOfTheUnsignedValue() {
        assertThat(StratumMessages.hex32(0x1fffe000)).isEqualTo("1fffe000");
        assertThat(StratumMessages.hex32(1)).isEqualTo("00000001");
        assertThat(StratumMessages.hex32(-1)).isEqualTo("ffffffff");
        assertThat(StratumMessages.hex32(0xABCDEF01)).isEqualTo("abcdef01");
    }

    @Test
    void everyServerMessageParsesBackAsOneRequestOrResponse() throws Exception {
        assertThat(StratumRequest.parse(StratumMessages.setDifficulty(2).strip())
                        .method())
                .isEqualTo("mining.set_difficulty");
        assertThat(StratumRequest.parse(StratumMessages.result(NODES.numberNode(1), true)
                                .strip())
                        .isResponse())
                .isTrue();
        assertThat(StratumRequest.parse(StratumMessages.error(NODES.numberNode(1), StratumError.OTHER, "x")
                                .strip())
                        .isResponse())
                .isTrue();
    }

    @Test
    void splicedNotifyLineIsByteIdenticalToAFullySerializedNotify() {
        // A realistic shape: long coinbase halves and an 11-entry branch, as on mainnet with ~2,000 transactions.
        List<String> branch = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            branch.add(String.format("%064x", i * 0x1234567L + 1));
        }
        String coinb1 = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff3503c0ae0e";
        String coinb2 =
                "ffffffff0240be402500000000160014751e76e8199196d454941c45d1b3a323f1433bd60000000000000000266a24aa21a9ed"
                        + "e2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf900000000";
        for (boolean clean : new boolean[] {true, false}) {
            for (String id : List.of("1", "ff", "3e8", "7fffffffffffffff", "1911f2a3b4c-2a")) {
                Notify n = new Notify(
                        id,
                        "4d5e6f70" + "00".repeat(28),
                        coinb1,
                        coinb2,
                        branch,
                        "20000000",
                        "17023a04",
                        "68f0c1a2",
                        clean);
                var line = StratumMessages.notifyLine(new Notify(
                        "ignored", n.prevHash(), coinb1, coinb2, branch, n.version(), n.nbits(), n.ntime(), !clean));
                assertThat(line.encode(id, clean))
                        .isEqualTo(StratumMessages.notify(n).getBytes(StandardCharsets.UTF_8));
                assertThat(line.line(id, clean)).isEqualTo(StratumMessages.notify(n));
            }
        }
    }

    @Test
    void splicedNotifyRefusesJobIdsThatWouldNeedJsonEscaping() {
        var line = StratumMessages.notifyLine(new Notify("1", "p", "c1", "c2", List.of(), "1", "2", "3", true));
        assertThatThrownBy(() -> line.encode("a\"b", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job id");
        assertThatThrownBy(() -> line.encode("", true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(line.line("a1", false))
                .isEqualTo(StratumMessages.notify(new Notify("a1", "p", "c1", "c2", List.of(), "1", "2", "3", false)));
    }
}
