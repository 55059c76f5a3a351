package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;
import org.potluck.cli.server.PotluckServer;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.node.RegtestNode;
import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;
import org.potluck.pool.config.PoolConfig;
import tools.jackson.databind.JsonNode;

/**
 * The PPLNS promise end to end: CPU miners on a real regtest node find blocks whose coinbases pay several of them, and
 * `potluck verify`, run beside the pool with the node as witness, finds every share, job and block correct.
 */
class PplnsVerifiedEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void blocksPayEveryoneInTheWindowAndTheVerifierAgrees() throws Exception {
        try (RegtestNode node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"))) {
            var config = PoolConfig.bcoinRegtest("http://127.0.0.1:" + node.rpcPort(), node.apiKey(),
                    dir.resolve("pool").toString(), 0, 0.0005, 5);
            config = config.withPayout(PoolConfig.PayoutConfig.pplns().withWindowMultiplier(20_000_000)
                    .withFee(100, address()));
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            PoolListener blocks = new PoolListener() {
                @Override
                public void blockFound(BlockFound block, SubmitResult result) {
                    if (result.accepted() && block.outputs().size() >= 3) { // two miners and the fee at least
                        accepted.add(block.blockHash());
                    }
                }
            };
            try (PotluckServer server = PotluckServer.start(config, blocks)) {
                List<CpuMiner> miners = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        var miner = new CpuMiner(MinerOptions.parseUrl("stratum+tcp://127.0.0.1:" + server.pool().stratumAddress().getPort(),
                                address() + ".rig" + i, "x", 1, 0, true, null), new MinerListener() { });
                        miners.add(miner);
                        miner.start();
                    }
                    await().atMost(Duration.ofSeconds(150)).until(() -> accepted.size() >= 2);
                } finally {
                    miners.forEach(CpuMiner::close);
                }
                server.pool().copier().awaitCaughtUp(Duration.ofSeconds(10));
                // The node agrees that a coinbase paid several miners.
                JsonNode coinbase = node.rpc().call("getblock", accepted.iterator().next(), true, true).get("tx").get(0);
                long paidOutputs = 0;
                for (JsonNode out : coinbase.get("vout")) {
                    paidOutputs += out.get("value").asDouble() > 0 ? 1 : 0;
                }
                assertThat(paidOutputs).isGreaterThanOrEqualTo(3);

                String pool = "http://127.0.0.1:" + server.webPort();
                String nodeUrl = "http://potluck:" + node.apiKey() + "@127.0.0.1:" + node.rpcPort();
                // The connections' difficulty assignments are published, so verify checks every share's credit.
                var http = java.net.http.HttpClient.newHttpClient();
                String assignments = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(pool + "/api/v1/difficulties")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(assignments.lines().count()).as("difficulty assignments published").isGreaterThanOrEqualTo(3);
                int exit = Main.run("verify", "--pool", pool, "--node", nodeUrl, "--db", dir.resolve("verify.db").toString());
                assertThat(exit).as("potluck verify exit code").isZero();
            }
        }
    }

    private static String address() {
        return Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, new SecureRandom().generateSeed(20));
    }
}
