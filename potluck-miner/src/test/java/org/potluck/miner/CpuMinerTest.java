package org.potluck.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The miner against a scripted pool on 127.0.0.1. Jobs are built from the real mainnet share of
 * /work/shared/vectors/sv1-share-height-791433.json, and every submit is rebuilt by {@link ReferenceShare}, which
 * shares no code with the miner.
 */
class CpuMinerTest {
    private static final String USER = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080.rig1";
    private static final String EXTRANONCE1 = ReferenceShare.vectorTemplate("x").extranonce1();
    /** About one share per 86,000 hashes: several a second even on a slow shared machine. */
    private static final double EASY = 0.00002;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Recorder events = new Recorder();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void handshakeIsConfigureSubscribeAuthorizeThenSuggestDifficultyAfterAuthorizeSucceeds() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, true, 0.01, 1, 1L << 32);
        ScriptedPool.Connection c = accept(pool);

        JsonNode configure = c.expect("mining.configure");
        assertThat(configure.get("params").get(0)).isEqualTo(ScriptedPool.JSON.readTree("[\"version-rolling\"]"));
        assertThat(configure.get("params").get(1).get("version-rolling.mask").asString())
                .isEqualTo("ffffffff");
        assertThat(configure
                        .get("params")
                        .get(1)
                        .get("version-rolling.min-bit-count")
                        .asInt())
                .isEqualTo(2);
        c.reply(configure, Map.of("version-rolling", true, "version-rolling.mask", "1fffe000"));

        JsonNode subscribe = c.expect("mining.subscribe");
        assertThat(subscribe.get("params")).isEqualTo(ScriptedPool.JSON.readTree("[\"potluck-cpuminer/0.1\"]"));
        c.reply(
                subscribe,
                ScriptedPool.JSON.readTree(
                        "[[[\"mining.set_difficulty\",\"s1\"],[\"mining.notify\",\"s1\"]],\"" + EXTRANONCE1 + "\",8]"));

        JsonNode authorize = c.expect("mining.authorize");
        assertThat(authorize.get("params")).isEqualTo(ScriptedPool.JSON.valueToTree(List.of(USER, "x")));
        // ESP-Miner only suggests a difficulty once authorized; nothing may arrive before the authorize reply.
        assertThat(c.poll(300)).isNull();
        c.reply(authorize, true);

        JsonNode suggest = c.expect("mining.suggest_difficulty");
        assertThat(suggest.get("params").get(0).asDouble()).isEqualTo(0.01);
        c.reply(suggest, true);

        await().atMost(Duration.ofSeconds(5)).until(miner::connected);
        assertThat(miner.extranonce1()).isEqualTo(EXTRANONCE1);
        assertThat(events.all()).contains("connected " + EXTRANONCE1 + " 8");
        // Without a job there is nothing to hash and so nothing to submit.
        assertThat(c.poll(300)).isNull();
    }

    @Test
    void everySubmittedShareRebuildsIndependentlyToAHashMeetingTheDifficulty() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, false, 0, 2, 1L << 32);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, null, false);
        ReferenceShare.Template job = ReferenceShare.vectorTemplate("job-1");
        c.request(null, "mining.set_difficulty", EASY);
        c.notify(job, true);

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            JsonNode submit = c.expect("mining.submit");
            Share share = check(submit, job, EASY, 0);
            assertThat(seen.add(share.extranonce2() + share.nonce()))
                    .as("duplicate share %s", submit)
                    .isTrue();
            if (i < 3) {
                c.reply(submit, true);
            } else {
                c.replyError(submit, 23, "Low difficulty share");
            }
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> miner.accepted() == 3 && miner.rejected() == 1);
        assertThat(events.all()).anyMatch(e -> e.startsWith("share job-1 false Low difficulty share"));
        assertThat(events.all()).contains("difficulty 2.0E-5", "job job-1 true");
        assertThat(miner.hashrate()).isGreaterThan(0);
    }

    @Test
    void versionRollingSubmitsRolledBitsInsideTheNegotiatedMaskAndFollowsSetVersionMask() throws Exception {
        ScriptedPool pool = pool();
        // 2^14 nonces per header so the version rolls many times between shares.
        CpuMiner miner = miner(pool, true, 0, 1, 1L << 14);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, "1fffe000", false);
        ReferenceShare.Template job = ReferenceShare.vectorTemplate("roll-1");
        c.request(null, "mining.set_difficulty", EASY);
        c.notify(job, true);

        boolean sawRolledBits = false;
        for (int i = 0; i < 4; i++) {
            JsonNode submit = c.expect("mining.submit");
            Share share = check(submit, job, EASY, 0x1fffe000);
            sawRolledBits |= share.versionBits() != (ReferenceShare.u32(job.version()) & 0x1fffe000);
            c.reply(submit, true);
        }
        assertThat(sawRolledBits).as("some share must use rolled version bits").isTrue();

        // A narrower mask applies to the current job at once; the reply marks the moment the miner processed it.
        c.request(41, "mining.set_version_mask", "0001e000");
        c.expectReplyTo(41);
        long graceEnds = System.nanoTime() + 100_000_000L;
        int checked = 0;
        while (checked < 3) {
            JsonNode submit = c.expect("mining.submit");
            c.reply(submit, true);
            if (System.nanoTime() > graceEnds) {
                check(submit, job, EASY, 0x0001e000);
                checked++;
            }
        }
        assertThat(miner.rejected()).isZero();
    }

    @Test
    void cleanNotifyMakesTheMinerDropTheOldJob() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, false, 0, 2, 1L << 32);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, null, false);
        ReferenceShare.Template old = ReferenceShare.vectorTemplate("old");
        ReferenceShare.Template fresh = old.withJobId("new").withNtime("647025b6");
        c.request(null, "mining.set_difficulty", EASY);
        c.notify(old, true);
        check(c.expect("mining.submit"), old, EASY, 0);

        c.notify(fresh, true);
        c.request("barrier", "mining.ping"); // answered only after the notify before it was handled
        c.expectReplyTo("barrier");
        long graceEnds = System.nanoTime() + 100_000_000L;
        int freshShares = 0;
        while (freshShares < 4) {
            JsonNode submit = c.expect("mining.submit");
            String jobId = submit.get("params").get(1).asString();
            if (jobId.equals("old")) {
                assertThat(System.nanoTime())
                        .as("a share for the old job long after the clean notify")
                        .isLessThan(graceEnds);
                continue;
            }
            check(submit, fresh, EASY, 0);
            freshShares++;
        }
        assertThat(events.all()).contains("job new true");
    }

    @Test
    void setDifficultyTakesEffectAtTheNextNotifyNotForWorkInHand() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, false, 0, 2, 1L << 32);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, null, false);
        double hard = 0.0001;
        double easy = hard / 10;
        ReferenceShare.Template first = ReferenceShare.vectorTemplate("first");
        c.request(null, "mining.set_difficulty", hard);
        c.notify(first, true);
        check(c.expect("mining.submit"), first, hard, 0);

        c.request(null, "mining.set_difficulty", easy);
        c.request("barrier", "mining.ping");
        c.expectReplyTo("barrier");
        // If the easier difficulty applied at once, ~90% of these would fall below the job's difficulty.
        for (int i = 0; i < 3; i++) {
            check(c.expect("mining.submit"), first, hard, 0);
        }

        ReferenceShare.Template second = first.withJobId("second").withNtime("647025b6");
        c.notify(second, true);
        boolean sawEasyShare = false;
        for (int i = 0; i < 12 && !sawEasyShare; i++) {
            JsonNode submit = c.expect("mining.submit");
            if (submit.get("params").get(1).asString().equals("second")) {
                sawEasyShare = check(submit, second, easy, 0).difficulty() < hard;
            }
        }
        assertThat(sawEasyShare)
                .as("the new job must be mined to the new, easier difficulty")
                .isTrue();
    }

    @Test
    void clientReconnectMovesTheMinerToTheNamedServer() throws Exception {
        ScriptedPool first = pool();
        ScriptedPool second = pool();
        CpuMiner miner = miner(first, false, 0, 1, 1L << 32);
        ScriptedPool.Connection c = accept(first);
        handshake(c, null, false);

        c.request(7, "client.reconnect", "127.0.0.1", second.port(), 0);
        JsonNode reply = c.expectReplyTo(7);
        assertThat(reply.get("error").isNull()).isTrue();
        assertThat(c.closedWithin(5_000))
                .as("the miner leaves the first server")
                .isTrue();

        ScriptedPool.Connection moved = accept(second);
        handshake(moved, null, false);
        await().atMost(Duration.ofSeconds(5)).until(miner::connected);
        assertThat(events.all()).anyMatch(e -> e.startsWith("disconnected pool asked to reconnect"));
    }

    @Test
    void droppedConnectionIsRetriedOnTheSameServer() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, false, 0, 1, 1L << 32);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, null, false);
        await().atMost(Duration.ofSeconds(5)).until(miner::connected);

        c.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !miner.connected());
        ScriptedPool.Connection again = accept(pool); // after the first 1 s backoff
        handshake(again, null, false);
        await().atMost(Duration.ofSeconds(5)).until(miner::connected);
    }

    @Test
    void serverPingGetsAResultAndUnknownRequestsGetAnError() throws Exception {
        ScriptedPool pool = pool();
        miner(pool, false, 0, 1, 1L << 32);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, null, false);

        c.request(11, "mining.ping");
        JsonNode pong = c.expectReplyTo(11);
        assertThat(pong.get("result").isNull()).isFalse();
        assertThat(pong.get("error").isNull()).isTrue();

        c.request("p2", "ping");
        assertThat(c.expectReplyTo("p2").get("result").isNull()).isFalse();

        c.request(12, "mining.frobnicate", 1, 2);
        JsonNode refused = c.expectReplyTo(12);
        assertThat(refused.get("result").isNull()).isTrue();
        assertThat(refused.get("error").isArray()).isTrue();
        assertThat(refused.get("error").get(1).asString()).contains("mining.frobnicate");

        c.request(null, "client.show_message", "maintenance at noon");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> events.all().stream().anyMatch(e -> e.contains("maintenance at noon")));
    }

    @Test
    void malformedPoolLinesAreRefusedOrIgnoredAndTheMinerKeepsMiningItsJob() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, false, 0, 1, 1L << 32);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, null, false);
        ReferenceShare.Template job = ReferenceShare.vectorTemplate("kept");
        c.request(null, "mining.set_difficulty", EASY);
        c.notify(job, true);
        check(c.expect("mining.submit"), job, EASY, 0);

        c.sendRaw("this is not json");
        c.request(
                21,
                "mining.notify",
                "bad",
                "not-a-prevhash",
                "",
                "",
                List.of(),
                "20000000",
                "1703a30c",
                "647025b5",
                true);
        JsonNode refused = c.expectReplyTo(21);
        assertThat(refused.get("error").get(0).asInt()).isEqualTo(20);
        assertThat(refused.get("error").get(1).asString()).contains("prevhash must be 64 hex digits");
        c.request(null, "mining.set_difficulty", -1);
        c.request(22, "mining.set_extranonce", "08000002", 64);
        assertThat(c.expectReplyTo(22).get("error").get(1).asString()).contains("extranonce2_size must be 0..32");

        // Still connected, still on the job it had, at the difficulty it had: every later submit is for "kept".
        for (int i = 0; i < 2; i++) {
            check(c.expect("mining.submit"), job, EASY, 0);
        }
        assertThat(miner.connected()).isTrue();
        assertThat(events.all())
                .anyMatch(e -> e.startsWith("message ignored a line that is not a Stratum message"))
                .anyMatch(e -> e.contains("ignored mining.set_difficulty") && e.contains("positive"))
                .noneMatch(e -> e.startsWith("job bad"));
    }

    @Test
    void aTinyDifficultyCannotMakeTheMinerFloodThePool() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, false, 0, 1, 1L << 32);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, null, false);
        ReferenceShare.Template job = ReferenceShare.vectorTemplate("flood");
        double tiny = 1e-9; // about one share every four hashes
        c.request(null, "mining.set_difficulty", tiny);
        c.notify(job, true);
        check(c.expect("mining.submit"), job, tiny, 0);

        long end = System.nanoTime() + 2_000_000_000L;
        int submits = 0;
        while (System.nanoTime() < end) {
            JsonNode m = c.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            if (m != null && m.path("method").asString("").equals("mining.submit")) {
                submits++;
            }
        }
        // A 50/s bucket that holds 50: at most 50 + 2 s * 50 in the window, plus slack for timing.
        assertThat(submits).isBetween(1, 160);
        assertThat(miner.throttled()).isPositive();
    }

    // ---- helpers ----

    private ScriptedPool pool() throws Exception {
        ScriptedPool pool = new ScriptedPool();
        toClose.add(pool);
        return pool;
    }

    private ScriptedPool.Connection accept(ScriptedPool pool) throws Exception {
        ScriptedPool.Connection c = pool.accept();
        toClose.add(c);
        return c;
    }

    @Test
    void espMinerFormSubmitsTheHeaderVersionXorTheJobVersion() throws Exception {
        ScriptedPool pool = pool();
        CpuMiner miner = miner(pool, true, 0, 1, 1L << 14, VersionBitsForm.ESP_MINER);
        ScriptedPool.Connection c = accept(pool);
        handshake(c, "1fffe000", false);
        // bcoin regtest's signalling version: bit 28 lies inside the mask, where the two forms differ.
        var real = ReferenceShare.vectorTemplate("esp-1");
        var job = new ReferenceShare.Template(
                real.jobId(),
                real.prevhash(),
                real.coinb1(),
                real.extranonce1(),
                real.extranonce2Size(),
                real.coinb2(),
                real.branch(),
                "30000003",
                real.nbits(),
                real.ntime());
        c.request(null, "mining.set_difficulty", EASY);
        c.notify(job, true);
        for (int i = 0; i < 4; i++) {
            JsonNode submit = c.expect("mining.submit");
            int delta = ReferenceShare.u32(submit.get("params").get(5).asString());
            assertThat(delta & ~0x1fffe000)
                    .as("delta %08x inside the mask", delta)
                    .isZero();
            int headerVersion = 0x30000003 ^ delta;
            BigInteger hash = ReferenceShare.hashValue(ReferenceShare.header(
                    job,
                    submit.get("params").get(2).asString(),
                    job.ntime(),
                    submit.get("params").get(4).asString(),
                    headerVersion));
            assertThat(hash)
                    .as("hash of %s read as job ^ bits", submit)
                    .isLessThanOrEqualTo(ReferenceShare.target(EASY));
            c.reply(submit, true);
        }
        assertThat(miner.rejected()).isZero();
    }

    private CpuMiner miner(
            ScriptedPool pool, boolean versionRolling, double suggest, int threads, long noncesPerHeader) {
        return miner(pool, versionRolling, suggest, threads, noncesPerHeader, VersionBitsForm.BIP310);
    }

    private CpuMiner miner(
            ScriptedPool pool,
            boolean versionRolling,
            double suggest,
            int threads,
            long noncesPerHeader,
            VersionBitsForm form) {
        var options = MinerOptions.parseUrl(
                        "stratum+tcp://127.0.0.1:" + pool.port(), USER, "x", threads, suggest, versionRolling, null)
                .withVersionBitsForm(form);
        CpuMiner miner = new CpuMiner(options, events, noncesPerHeader);
        toClose.add(miner);
        miner.start();
        return miner;
    }

    /** Answers the handshake as a well-behaved pool; mask null means version rolling is not expected. */
    private static void handshake(ScriptedPool.Connection c, String mask, boolean suggest) throws Exception {
        if (mask != null) {
            JsonNode configure = c.expect("mining.configure");
            c.reply(configure, Map.of("version-rolling", true, "version-rolling.mask", mask));
        }
        c.reply(
                c.expect("mining.subscribe"),
                ScriptedPool.JSON.readTree(
                        "[[[\"mining.set_difficulty\",\"s1\"],[\"mining.notify\",\"s1\"]],\"" + EXTRANONCE1 + "\",8]"));
        c.reply(c.expect("mining.authorize"), true);
        if (suggest) {
            c.reply(c.expect("mining.suggest_difficulty"), true);
        }
    }

    record Share(String extranonce2, String nonce, int versionBits, double difficulty) {}

    /**
     * Rebuilds a submit with the test's own code: right user and job, exactly 8 bytes of extranonce2, the job's ntime,
     * version bits only inside the mask (none sent when mask is 0), and a hash at or under the share target.
     */
    private static Share check(JsonNode submit, ReferenceShare.Template job, double difficulty, int mask) {
        JsonNode p = submit.get("params");
        assertThat(p.size()).as("params of %s", submit).isEqualTo(mask == 0 ? 5 : 6);
        assertThat(p.get(0).asString()).isEqualTo(USER);
        assertThat(p.get(1).asString()).isEqualTo(job.jobId());
        String extranonce2 = p.get(2).asString();
        assertThat(extranonce2).matches("[0-9a-f]{" + 2 * job.extranonce2Size() + "}");
        assertThat(p.get(3).asString()).isEqualTo(job.ntime());
        String nonce = p.get(4).asString();
        assertThat(nonce).matches("[0-9a-f]{8}");
        int jobVersion = ReferenceShare.u32(job.version());
        int bits = 0;
        int version = jobVersion;
        if (mask != 0) {
            assertThat(p.get(5).asString()).matches("[0-9a-f]{8}");
            bits = ReferenceShare.u32(p.get(5).asString());
            assertThat(bits & ~mask)
                    .as("version bits %08x outside mask %08x", bits, mask)
                    .isZero();
            version = (jobVersion & ~mask) | (bits & mask);
        }
        BigInteger hash = ReferenceShare.hashValue(
                ReferenceShare.header(job, extranonce2, p.get(3).asString(), nonce, version));
        assertThat(hash).as("hash of %s", submit).isLessThanOrEqualTo(ReferenceShare.target(difficulty));
        return new Share(extranonce2, nonce, bits, ReferenceShare.difficultyOf(hash));
    }

    /** Keeps every listener event as a line of text. */
    static final class Recorder implements MinerListener {
        private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

        List<String> all() {
            return List.copyOf(events);
        }

        @Override
        public void onConnected(String extranonce1, int extranonce2Size) {
            events.add("connected " + extranonce1 + " " + extranonce2Size);
        }

        @Override
        public void onJob(String jobId, boolean clean) {
            events.add("job " + jobId + " " + clean);
        }

        @Override
        public void onDifficulty(double d) {
            events.add("difficulty " + d);
        }

        @Override
        public void onShare(String jobId, boolean accepted, String error, double hashDifficulty) {
            events.add("share " + jobId + " " + accepted + " " + error);
        }

        @Override
        public void onDisconnected(String reason) {
            events.add("disconnected " + reason);
        }

        @Override
        public void onMessage(String text) {
            events.add("message " + text);
        }
    }
}
