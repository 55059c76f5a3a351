package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.accounting.PayoutCalculator;
import org.potluck.accounting.PayoutInputs;
import org.potluck.accounting.PayoutRules;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.PplnsWindow;
import org.potluck.accounting.WindowShare;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.node.RegtestNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * `potluck init`, then `potluck run` on a real regtest node with PPLNS and busy CPU miners, then `kill -9` in the
 * middle of it and a restart: every share a miner was told was accepted is still there, none is there twice, and the
 * PPLNS window the pool committed to before the crash recomputes to exactly the same payout from what survived.
 */
class KillNineRecoveryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void killDashNineLosesNoAcceptedShareCountsNoneTwiceAndKeepsTheWindow() throws Exception {
        try (RegtestNode node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"))) {
            int stratumPort = freePort();
            int webPort = freePort();
            Path config = dir.resolve("potluck.toml");
            assertThat(Main.run(
                            "init",
                            "--yes",
                            "--network",
                            "bcoin-regtest",
                            "--node-url",
                            "http://127.0.0.1:" + node.rpcPort(),
                            "--rpc-user",
                            "potluck",
                            "--rpc-password",
                            node.apiKey(),
                            "--scheme",
                            "pplns",
                            "--stratum-port",
                            String.valueOf(stratumPort),
                            "--web-port",
                            String.valueOf(webPort),
                            "--data-dir",
                            dir.resolve("data").toString(),
                            "--output",
                            config.toString()))
                    .isZero();
            // Regtest: CPU-sized share difficulty, and a window of a few dozen shares (see DemoCommand).
            Map<String, String> env = Map.of(
                    "POTLUCK_STRATUM_START_DIFFICULTY",
                    "0.0005",
                    "POTLUCK_STRATUM_MIN_DIFFICULTY",
                    "0.0001",
                    "POTLUCK_PAYOUT_WINDOW_MULTIPLIER",
                    "100000000",
                    "POTLUCK_NODE_TIMING_POLL_INTERVAL_MS",
                    "200");
            String api = "http://127.0.0.1:" + webPort;
            Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
            List<CpuMiner> miners = new ArrayList<>();
            JsonNode lastJobBeforeKill;
            try {
                try (PoolProcess pool = PoolProcess.run(config, dir.resolve("pool-1.log"), env)) {
                    for (int i = 0; i < 2; i++) {
                        String address = Bech32.encodeSegwit(
                                Network.BCOIN_REGTEST.bech32Hrp(), 0, new SecureRandom().generateSeed(20));
                        acked.put(address, new AtomicLong());
                        var miner = new CpuMiner(
                                MinerOptions.parseUrl(
                                        "stratum+tcp://127.0.0.1:" + stratumPort,
                                        address + ".rig",
                                        "x",
                                        1,
                                        0,
                                        true,
                                        null),
                                new MinerListener() {
                                    @Override
                                    public void onShare(
                                            String jobId, boolean accepted, String error, double hashDifficulty) {
                                        if (accepted) {
                                            acked.get(address).incrementAndGet();
                                        }
                                    }
                                });
                        miners.add(miner);
                        miner.start();
                    }
                    await().atMost(Duration.ofSeconds(120))
                            .until(() -> total(acked) >= 12
                                    && latestPplnsJob(api) != null
                                    && latestPplnsJob(api)
                                                    .get("windowEndSequence")
                                                    .asLong()
                                            >= 6);
                    lastJobBeforeKill = latestPplnsJob(api);
                    pool.killHard();
                }
                Map<String, Long> ackedAtKill = new java.util.HashMap<>();
                acked.forEach((a, n) -> ackedAtKill.put(a, n.get()));

                try (PoolProcess pool = PoolProcess.run(config, dir.resolve("pool-2.log"), env)) {
                    List<JsonNode> shares = ndjson(api + "/api/v1/shares?after=0&limit=10000");
                    // Nothing a miner was told "true" for is missing.
                    for (var e : ackedAtKill.entrySet()) {
                        long stored = shares.stream()
                                .filter(s -> s.get("address").asString().equals(e.getKey()))
                                .count();
                        assertThat(stored)
                                .as("shares stored for %s", e.getKey())
                                .isGreaterThanOrEqualTo(e.getValue());
                    }
                    // Nothing is there twice: sequences run 1..N without a gap, and no proof of work repeats.
                    Set<String> proofs = new HashSet<>();
                    for (int i = 0; i < shares.size(); i++) {
                        JsonNode s = shares.get(i);
                        assertThat(s.get("sequence").asLong()).isEqualTo(i + 1);
                        assertThat(s.get("format").asInt()).isEqualTo(2); // docs/share-record.md
                        assertThat(proofs.add(s.get("jobId").asString()
                                        + s.get("extranonce").asString()
                                        + s.get("version").asString()
                                        + s.get("ntime").asString()
                                        + s.get("nonce").asString()))
                                .as("share %s appears once", s.get("sequence"))
                                .isTrue();
                    }
                    // The window the last pre-crash job committed to is still exactly there.
                    assertThat(recomputed(lastJobBeforeKill, shares)).isEqualTo(published(lastJobBeforeKill));
                    // And the restarted pool builds its first jobs from the same shares.
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> latestPplnsJob(api) != null
                                    && !latestPplnsJob(api)
                                            .get("jobId")
                                            .asString()
                                            .equals(lastJobBeforeKill
                                                    .get("jobId")
                                                    .asString()));
                    JsonNode after = latestPplnsJob(api);
                    assertThat(recomputed(after, ndjson(api + "/api/v1/shares?after=0&limit=10000")))
                            .isEqualTo(published(after));
                }
            } finally {
                miners.forEach(CpuMiner::close);
            }
        }
    }

    /** The payout a job's window recomputes to from the stored shares (no credits: nobody is left out here). */
    private static List<String> recomputed(JsonNode job, List<JsonNode> shares) {
        long end = job.get("windowEndSequence").asLong();
        List<WindowShare> window = new ArrayList<>();
        for (JsonNode s : shares) {
            if (s.get("sequence").asLong() <= end) {
                window.add(WindowShare.of(
                        s.get("sequence").asLong(),
                        s.get("address").asString(),
                        s.get("difficulty").asDouble()));
            }
        }
        int nbits = Integer.parseUnsignedInt(job.get("nbits").asString(), 16);
        var w = PplnsWindow.selectEndingAt(window, end, PplnsWindow.windowSize(BigDecimal.valueOf(100_000_000), nbits));
        String finder = job.get("finderAddress").isNull()
                ? null
                : job.get("finderAddress").asString();
        PayoutTable table = PayoutCalculator.compute(new PayoutInputs(
                job.get("coinbaseValue").asLong(),
                w,
                List.of(),
                finder,
                new PayoutRules(
                        0,
                        null,
                        0,
                        null,
                        org.potluck.accounting.FinderBonus.none(),
                        job.get("maxOutputs").asInt(),
                        10_000)));
        return table.outputs().stream().map(p -> p.address() + "=" + p.sats()).toList();
    }

    private static List<String> published(JsonNode job) {
        List<String> rows = new ArrayList<>();
        job.get("outputs")
                .forEach(o -> rows.add(
                        o.get("address").asString() + "=" + o.get("sats").asLong()));
        return rows;
    }

    /** The newest job whose window held shares (the first jobs of a run may come before any share). */
    private JsonNode latestPplnsJob(String api) throws IOException, InterruptedException {
        JsonNode latest = null;
        for (JsonNode entry : ndjson(api + "/api/v1/jobs?after=0&limit=10000")) {
            if (entry.get("job").get("windowEndSequence").asLong() > 0) {
                latest = entry.get("job");
            }
        }
        return latest;
    }

    private List<JsonNode> ndjson(String url) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    private static long total(Map<String, AtomicLong> counts) {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
