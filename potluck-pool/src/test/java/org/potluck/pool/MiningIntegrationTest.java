package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.pool.config.PoolConfig;
import tools.jackson.databind.JsonNode;

/** CPU miners on a real regtest node: the blocks they find through the pool are accepted by the node and pay them. */
class MiningIntegrationTest {

    @Test
    void cpuMinersFindBlocksThatTheNodeAcceptsAndThatPayTheFinder() throws Exception {
        try (RegtestPool p = RegtestPool.start(c -> c.withStratum(stratum(c, 0.0005)))) {
            List<String> addresses =
                    List.of(RegtestPool.newAddress(), RegtestPool.newAddress(), RegtestPool.newAddress());
            List<CpuMiner> miners = new ArrayList<>();
            try {
                for (String address : addresses) {
                    var miner = new CpuMiner(
                            MinerOptions.parseUrl(p.url(), address + ".rig", "x", 1, 0, true, null),
                            new MinerListener() {});
                    miners.add(miner);
                    miner.start();
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> acceptedHeights(p) >= 3);
            } finally {
                miners.forEach(CpuMiner::close);
            }
            // Two miners can find a block at the same height before new work reaches them: the node accepts both, one
            // of them on a side branch, so count heights rather than blocks.
            assertThat(p.node.rpc().getBlockCount()).isGreaterThanOrEqualTo(acceptedHeights(p));
            for (var found : p.events.blocks) {
                if (!found.result().accepted()) {
                    continue;
                }
                JsonNode block = p.node.rpc().call("getblock", found.block().blockHash(), true, true);
                assertThat(block.get("height").asInt()).isEqualTo(found.block().height());
                JsonNode outputs = block.get("tx").get(0).get("vout");
                String finderScript =
                        Hex.encode(Address.toScriptPubKey(found.block().address(), Network.BCOIN_REGTEST));
                assertThat(outputs.get(0).get("scriptPubKey").get("hex").asString())
                        .isEqualTo(finderScript);
                assertThat(Math.round(outputs.get(0).get("value").asDouble() * 1e8))
                        .isEqualTo(50_0000_0000L);
                assertThat(addresses).contains(found.block().address());
            }
            // Every block was a recorded share, and the database holds exactly what the journal holds.
            p.pool.copier().awaitCaughtUp(Duration.ofSeconds(10));
            assertThat(p.pool.store().count()).isEqualTo(p.pool.journal().lastSequence());
            assertThat(p.pool.store().recentBlocks(100))
                    .extracting(s -> s.blockHash())
                    .containsAll(p.events.blocks.stream()
                            .filter(b -> b.result().accepted())
                            .map(b -> b.block().blockHash())
                            .toList());
        }
    }

    @Test
    void operatorFeeIsPaidInTheSameCoinbaseAndRoundedInTheMinersFavour() throws Exception {
        String operator = RegtestPool.newAddress();
        try (RegtestPool p = RegtestPool.start(c ->
                c.withStratum(stratum(c, 0.0005)).withPayout(new PoolConfig.PayoutConfig("solo", 150, operator)))) {
            String miner = RegtestPool.newAddress();
            try (var cpu = new CpuMiner(
                    MinerOptions.parseUrl(p.url(), miner, "x", 1, 0, false, null), new MinerListener() {})) {
                cpu.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> acceptedBlocks(p) >= 1);
            }
            var found = p.events.blocks.stream()
                    .filter(b -> b.result().accepted())
                    .findFirst()
                    .orElseThrow();
            JsonNode outputs = p.node.rpc()
                    .call("getblock", found.block().blockHash(), true, true)
                    .get("tx")
                    .get(0)
                    .get("vout");
            long reward = 50_0000_0000L;
            long fee = reward * 150 / 10_000;
            assertThat(sats(outputs.get(0))).isEqualTo(reward - fee);
            assertThat(outputs.get(0).get("scriptPubKey").get("hex").asString())
                    .isEqualTo(Hex.encode(Address.toScriptPubKey(miner, Network.BCOIN_REGTEST)));
            assertThat(sats(outputs.get(1))).isEqualTo(fee);
            assertThat(outputs.get(1).get("scriptPubKey").get("hex").asString())
                    .isEqualTo(Hex.encode(Address.toScriptPubKey(operator, Network.BCOIN_REGTEST)));
        }
    }

    static PoolConfig.StratumConfig stratum(PoolConfig c, double difficulty) {
        var s = c.stratum();
        return new PoolConfig.StratumConfig(
                s.host(),
                s.port(),
                difficulty,
                difficulty / 16,
                s.maxDifficulty(),
                2,
                s.versionMask(),
                s.extranonce2Size(),
                s.coinbaseTag(),
                s.maxLineBytes(),
                s.idleSecondsBeforeAuthorize(),
                s.banSeconds());
    }

    private static long acceptedHeights(RegtestPool p) {
        return p.events.blocks.stream()
                .filter(b -> b.result().accepted())
                .mapToInt(b -> b.block().height())
                .distinct()
                .count();
    }

    private static long acceptedBlocks(RegtestPool p) {
        return p.events.blocks.stream().filter(b -> b.result().accepted()).count();
    }

    private static long sats(JsonNode output) {
        return Math.round(output.get("value").asDouble() * 1e8);
    }
}
