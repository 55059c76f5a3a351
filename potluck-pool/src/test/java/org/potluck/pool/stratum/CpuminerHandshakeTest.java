package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.pool.RegtestPool;
import tools.jackson.databind.JsonNode;

/**
 * Replays cpuminer's handshake (pooler's minerd 2.5.1 with {@code -a sha256d}; line formats from its util.c): subscribe
 * with its user agent, authorize, extranonce.subscribe, then five-param submits. No mining.configure, no version rolling.
 */
class CpuminerHandshakeTest {
    @RegisterExtension
    static final RegtestPoolExtension POOL = RegtestPoolExtension.withTinyDifficulty();

    @Test
    void cpuminerHandshakeGetsWorkAndItsShareIsAcceptedAndPaysItsAddress() throws Exception {
        String address = RegtestPool.newAddress();
        try (var miner = new ScriptedMiner(POOL.port())) {
            miner.sendLine("{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer/2.5.1\"]}");
            miner.rememberSubscription(miner.reply(1));
            miner.sendLine("{\"id\": 2, \"method\": \"mining.authorize\", \"params\": [\"" + address + "\", \"x\"]}");
            assertThat(miner.reply(2).get("result").asBoolean()).isTrue();
            miner.sendLine("{\"id\": 3, \"method\": \"mining.extranonce.subscribe\", \"params\": []}");
            assertThat(miner.reply(3).get("result").asBoolean()).isTrue();

            assertThat(miner.nextNotification().get("method").asString()).isEqualTo("mining.set_difficulty");
            Work work = miner.nextWork();
            assertThat(work.clean()).isTrue();
            assertThat(work.difficulty()).isEqualTo(TestStratumConfig.START_DIFFICULTY);

            var share = ShareGrinder.validShare(work, 1);
            miner.sendLine(String.format(
                    "{\"method\": \"mining.submit\", \"params\": [\"%s\", \"%s\", \"%s\", \"%s\", \"%s\"], \"id\":4}",
                    address, work.jobId(), share.extranonce2(), share.ntime(), share.nonce()));
            JsonNode answer = miner.reply(4);
            assertThat(answer.get("error").isNull())
                    .as("submit answer %s", answer)
                    .isTrue();
            assertThat(answer.get("result").asBoolean()).isTrue();

            // The share was also a regtest block: the job's version unchanged, its coinbase paying the miner (solo).
            JsonNode block = PoolChecks.acceptedBlock(POOL.get(), share.hash());
            assertThat(block.get("version").asLong()).isEqualTo(Integer.toUnsignedLong(work.versionValue()));
            JsonNode payout = block.get("tx").get(0).get("vout").get(0);
            assertThat(payout.get("scriptPubKey").get("hex").asString())
                    .isEqualTo(Hex.encode(Address.toScriptPubKey(address, Network.BCOIN_REGTEST)));
        }
    }
}
