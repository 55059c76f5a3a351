package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.pool.RegtestPool;
import tools.jackson.databind.JsonNode;

/**
 * Replays what a Bitaxe running ESP-Miner sends, byte for byte: the line formats are those of ESP-Miner's
 * components/stratum/stratum_api.c (github.com/bitaxeorg/ESP-Miner), including its spaces after ':' and ','. The order
 * is the firmware's: configure with mask ffffffff BEFORE subscribe, subscribe with its user agent, authorize, and only
 * after a successful authorize suggest_difficulty with an unsigned integer (see protocol-notes, "What real clients do").
 */
class EspMinerHandshakeTest {
    private static final int SERVER_MASK = 0x1fffe000;

    @RegisterExtension
    static final RegtestPoolExtension POOL = RegtestPoolExtension.withTinyDifficulty();

    @Test
    void bitaxeHandshakeGetsTheMaskIntersectionWorkAfterEveryDifficultyAndAnAcceptedVersionRolledShare()
            throws Exception {
        String user = RegtestPool.newAddress() + ".bitaxe";
        try (var miner = new ScriptedMiner(POOL.port())) {
            miner.sendLine("{\"id\": 1, \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], "
                    + "{\"version-rolling.mask\": \"ffffffff\"}]}");
            miner.sendLine("{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"bitaxe/BM1370/v2.9.0\"]}");

            JsonNode configure = miner.reply(1);
            assertThat(configure.get("error").isNull()).isTrue();
            assertThat(configure.get("result").get("version-rolling").asBoolean())
                    .isTrue();
            // BIP310: server mask AND miner mask; the miner offered every bit, so the answer is the server's mask.
            assertThat(configure.get("result").get("version-rolling.mask").asString())
                    .isEqualTo("1fffe000");

            JsonNode subscribe = miner.rememberSubscription(miner.reply(2));
            JsonNode subscriptions = subscribe.get("result").get(0);
            assertThat(subscriptions.get(0).get(0).asString()).isEqualTo("mining.set_difficulty");
            assertThat(subscriptions.get(1).get(0).asString()).isEqualTo("mining.notify");
            assertThat(miner.extranonce1).matches("[0-9a-f]{8}");
            assertThat(miner.extranonce2Size).isEqualTo(8);

            miner.sendLine("{\"id\": 3, \"method\": \"mining.authorize\", \"params\": [\"" + user + "\", \"x\"]}");
            assertThat(miner.reply(3).get("result").asBoolean()).isTrue();
            miner.sendLine("{\"id\": 4, \"method\": \"mining.suggest_difficulty\", \"params\": [1000]}");
            assertThat(miner.reply(4).get("result").asBoolean()).isTrue();

            // ESP-Miner applies a difficulty only with the next notify: each set_difficulty must be followed by one.
            assertSetDifficulty(miner.nextNotification(), TestStratumConfig.START_DIFFICULTY);
            assertThat(miner.nextNotification().get("method").asString()).isEqualTo("mining.notify");
            assertSetDifficulty(miner.nextNotification(), TestStratumConfig.MAX_DIFFICULTY); // 1000, clamped
            Work work = miner.nextWork();
            assertThat(work.difficulty()).isEqualTo(TestStratumConfig.MAX_DIFFICULTY);

            // ESP-Miner submits rolled_version XOR job_version as the sixth param.
            int rolledBits = 0x1234e000;
            int headerVersion = (work.versionValue() & ~SERVER_MASK) | (rolledBits & SERVER_MASK);
            var share = ShareGrinder.grind(
                    work,
                    7,
                    headerVersion,
                    String.format("%08x", rolledBits),
                    ShareGrinder.meetsDifficulty(work.difficulty()));
            miner.sendLine(String.format(
                    "{\"id\": 5, \"method\": \"mining.submit\", \"params\": "
                            + "[\"%s\", \"%s\", \"%s\", \"%s\", \"%s\", \"%s\"]}",
                    user, work.jobId(), share.extranonce2(), share.ntime(), share.nonce(), share.versionBits()));
            JsonNode accepted = miner.reply(5);
            assertThat(accepted.get("error").isNull())
                    .as("submit answer %s", accepted)
                    .isTrue();
            assertThat(accepted.get("result").asBoolean()).isTrue();

            // On regtest a share is also a block: the node holds it with the rolled version in its header.
            JsonNode block = PoolChecks.acceptedBlock(POOL.get(), share.hash());
            assertThat(block.get("version").asLong()).isEqualTo(Integer.toUnsignedLong(headerVersion));
        }
    }

    @Test
    void configureAnswersOnlyTheBitsBothSidesAllow() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            assertThat(maskAnswer(
                            miner, Map.of("version-rolling.mask", "00ffe000", "version-rolling.min-bit-count", 2)))
                    .isEqualTo("00ffe000");
            // min-bit-count also arrives as a hex string from some firmware.
            assertThat(maskAnswer(
                            miner, Map.of("version-rolling.mask", "ffff0000", "version-rolling.min-bit-count", "2")))
                    .isEqualTo("1fff0000");
            assertThat(maskAnswer(miner, Map.of("version-rolling.mask", "00001fff")))
                    .isEqualTo("00000000");
        }
    }

    @Test
    void configureWithAMaskThatIsNotHexIsAnErrorWithTheReason() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            JsonNode reply = miner.call(
                    "mining.configure", List.of("version-rolling"), Map.of("version-rolling.mask", "all-bits"));
            assertThat(reply.get("error").get(0).asInt()).isEqualTo(20);
            assertThat(reply.get("error").get(1).asString()).contains("version-rolling.mask must be hex", "all-bits");
        }
    }

    private static String maskAnswer(ScriptedMiner miner, Map<String, Object> parameters) throws Exception {
        JsonNode reply = miner.call("mining.configure", List.of("version-rolling"), parameters);
        return reply.get("result").get("version-rolling.mask").asString();
    }

    private static void assertSetDifficulty(JsonNode notification, double expected) {
        assertThat(notification.get("method").asString()).isEqualTo("mining.set_difficulty");
        assertThat(notification.get("params").get(0).asDouble()).isEqualTo(expected);
    }
}
