package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import org.potluck.cli.config.PotluckConfig;
import org.potluck.cli.server.PotluckServer;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.node.RegtestNode;
import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;
import org.potluck.pool.config.PoolConfig;
import org.potluck.store.BlockRecord;
import org.potluck.verify.Problem;
import org.potluck.verify.Verdict;
import org.potluck.verify.Verifier;
import org.potluck.verify.VerifyOptions;
import tools.jackson.databind.JsonNode;

/**
 * The PPLNS promise end to end: CPU miners on a real regtest node find blocks whose coinbases pay several of them, and
 * `potluck verify`, run beside the pool with the node as witness, finds every share, job and block correct, also
 * after the node reorganized some of them away.
 */
class PplnsVerifiedEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void blocksPayEveryoneInTheWindowAndTheVerifierAgrees() throws Exception {
        try (RegtestNode node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"))) {
            var config = regtestConfig(
                    node,
                    PoolConfig.PayoutConfig.pplns()
                            .withWindowMultiplier(20_000_000)
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
                        var miner = new CpuMiner(
                                MinerOptions.parseUrl(
                                        "stratum+tcp://127.0.0.1:"
                                                + server.pool().stratumAddress().getPort(),
                                        address() + ".rig" + i,
                                        "x",
                                        1,
                                        0,
                                        true,
                                        null),
                                new MinerListener() {});
                        miners.add(miner);
                        miner.start();
                    }
                    await().atMost(Duration.ofSeconds(150)).until(() -> accepted.size() >= 2);
                } finally {
                    miners.forEach(CpuMiner::close);
                }
                server.pool().copier().awaitCaughtUp(Duration.ofSeconds(10));
                // The node agrees that a coinbase paid several miners.
                JsonNode coinbase = node.rpc()
                        .call("getblock", accepted.iterator().next(), true, true)
                        .get("tx")
                        .get(0);
                long paidOutputs = 0;
                for (JsonNode out : coinbase.get("vout")) {
                    paidOutputs += out.get("value").asDouble() > 0 ? 1 : 0;
                }
                assertThat(paidOutputs).isGreaterThanOrEqualTo(3);

                String pool = "http://127.0.0.1:" + server.webPort();
                String nodeUrl = "http://potluck:" + node.apiKey() + "@127.0.0.1:" + node.rpcPort();
                // The connections' difficulty assignments are published, so verify checks every share's credit.
                var http = java.net.http.HttpClient.newHttpClient();
                String assignments = http.send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(pool + "/api/v1/difficulties"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(assignments.lines().count())
                        .as("difficulty assignments published")
                        .isGreaterThanOrEqualTo(3);
                int exit = Main.run(
                        "verify",
                        "--pool",
                        pool,
                        "--node",
                        nodeUrl,
                        "--db",
                        dir.resolve("verify.db").toString());
                assertThat(exit).as("potluck verify exit code").isZero();

                // An upgraded pool: its older half of shares as the code before record format 2 stored them.
                long half = server.pool().store().lastSequence() / 2;
                rewriteAsFormatOne(half, config.pool().stratum().versionMask());
                var json = tools.jackson.databind.json.JsonMapper.builder().build();
                List<JsonNode> served = http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(pool + "/api/v1/shares?after=0&limit=10000"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body()
                        .lines()
                        .map(json::readTree)
                        .toList();
                assertThat(served).hasSize((int) server.pool().store().lastSequence());
                assertThat(served.getFirst().path("format").asInt(-1))
                        .as("%s", served.getFirst())
                        .isEqualTo(1);
                assertThat(served.getFirst().get("extranonce2").asString()).isNotBlank();
                assertThat(served.getLast().get("format").asInt()).isEqualTo(2);
                assertThat(served.getLast().get("extranonce").asString()).isNotBlank();
                int mixed = Main.run(
                        "verify",
                        "--pool",
                        pool,
                        "--node",
                        nodeUrl,
                        "--db",
                        dir.resolve("mixed.db").toString());
                assertThat(mixed)
                        .as("potluck verify exit code on format 1 then format 2 shares")
                        .isZero();
            }
        }
    }

    /**
     * A real reorganization under `potluck verify`: the node drops the pool's newest blocks, the pool lists them as
     * orphaned and replays its PPLNS credits without them, and the verifier, with the miner's node as witness, agrees
     * (orphans are noted, not charged). A pool that lists an orphaned block as in the chain is caught.
     */
    @Test
    void orphanedBlocksAreNotedNotChargedAndOneListedAsInTheChainIsCaught() throws Exception {
        try (RegtestNode node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"))) {
            // Two outputs per coinbase for three miners: every block leaves someone out, so credits move.
            var config =
                    regtestConfig(node, new PoolConfig.PayoutConfig("pplns", 0, null, 20_000_000, 0, null, 0, 0, 2, 0));
            try (PotluckServer server = PotluckServer.start(config, PoolListener.NONE)) {
                var store = server.pool().store();
                List<CpuMiner> miners = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        miners.add(new CpuMiner(
                                MinerOptions.parseUrl(
                                        "stratum+tcp://127.0.0.1:"
                                                + server.pool().stratumAddress().getPort(),
                                        address() + ".rig" + i,
                                        "x",
                                        1,
                                        0,
                                        true,
                                        null),
                                new MinerListener() {}));
                    }
                    miners.forEach(CpuMiner::start);
                    await().atMost(Duration.ofSeconds(120))
                            .until(() -> store.blocks().stream()
                                            .filter(b -> b.status().equals("in_chain"))
                                            .count()
                                    >= 4);
                } finally {
                    miners.forEach(CpuMiner::close);
                }
                server.pool().copier().awaitCaughtUp(Duration.ofSeconds(10));
                // The node drops the pool's blocks from the third one in its best chain on and mines a longer chain of
                // its own. (Not simply the third block found: two miners can both find a block at one height, and the
                // one the node keeps on a side branch is already orphaned, which invalidateblock refuses to reset.)
                List<BlockRecord> inBestChain = store.blocks().stream()
                        .filter(b -> b.status().equals("in_chain") || b.status().equals("pending"))
                        .filter(b -> b.blockHash().equals(node.rpc().getBlockHash(b.height())))
                        .toList();
                BlockRecord dropped = inBestChain.get(2);
                long tip = node.rpc().getBlockCount();
                node.rpc().call("invalidateblock", dropped.blockHash());
                node.rpc().generateToAddress((int) (tip - dropped.height() + 3), address());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> store.blocks().stream()
                                .filter(b -> b.height() >= dropped.height()
                                        && !b.status().equals("rejected"))
                                .allMatch(b -> b.status().equals("orphaned")));

                URI pool = URI.create("http://127.0.0.1:" + server.webPort());
                URI nodeUrl = URI.create("http://potluck:" + node.apiKey() + "@127.0.0.1:" + node.rpcPort() + "/");
                Verdict honest = verify(pool, nodeUrl, "honest.db");
                assertThat(honest.problems()).isEmpty();
                assertThat(honest.exitCode()).isEqualTo(Verdict.EXIT_OK);
                assertThat(honest.notes()).anyMatch(n -> n.contains(dropped.blockHash()) && n.contains("orphaned"));

                // Now the pool claims the dropped block is still in the chain: the miner's node says otherwise.
                store.markBlockStatus(dropped.blockHash(), "in_chain");
                Verdict lying = verify(pool, nodeUrl, "lying.db");
                assertThat(lying.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
                assertThat(lying.problems()).anySatisfy(p -> {
                    assertThat(p.kind()).isEqualTo(Problem.Kind.BLOCK);
                    assertThat(p.subject()).isEqualTo(dropped.blockHash());
                    assertThat(p.message()).contains("best chain has");
                });
            }
        }
    }

    /** Rewrites the stored shares up to {@code sequence} into record format 1 (docs/share-record.md). */
    private void rewriteAsFormatOne(long sequence, int versionMask) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(
                        "jdbc:sqlite:" + dir.resolve("pool").resolve("shares.db"));
                var s = c.createStatement()) {
            // SQLite evaluates every SET expression on the row as it was before the update.
            int rewritten = s.executeUpdate("UPDATE accepted_share SET format = 1, extranonce1 = channel, "
                    + "extranonce2 = substr(extranonce, length(channel) + 1), ntime = printf('%08x', header_ntime), "
                    + "nonce = printf('%08x', header_nonce), version_bits = printf('%08x', header_version & "
                    + Integer.toUnsignedLong(versionMask) + "), protocol = NULL, channel = NULL, extranonce = NULL, "
                    + "header_version = NULL, header_ntime = NULL, header_nonce = NULL WHERE sequence <= " + sequence);
            assertThat(rewritten).isEqualTo(sequence);
        }
    }

    private Verdict verify(URI pool, URI node, String db) {
        var out = new ByteArrayOutputStream();
        Verdict verdict = new Verifier(
                        VerifyOptions.once(pool, dir.resolve(db)).withNode(node, null),
                        new PrintStream(out, true, StandardCharsets.UTF_8))
                .run();
        System.out.println(out.toString(StandardCharsets.UTF_8) + verdict.report());
        return verdict;
    }

    private PotluckConfig regtestConfig(RegtestNode node, PoolConfig.PayoutConfig payout) {
        var config = PotluckConfig.bcoinRegtest(
                "http://127.0.0.1:" + node.rpcPort(),
                node.apiKey(),
                dir.resolve("pool").toString(),
                0,
                0.0005,
                5);
        return config.withPool(config.pool().withPayout(payout));
    }

    private static String address() {
        return Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, new SecureRandom().generateSeed(20));
    }
}
