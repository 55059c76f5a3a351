package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.potluck.pool.stratum.StratumAssertions.assertError;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.bitcoin.Target;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.miner.VersionBitsForm;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.config.PoolConfig;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareProof;
import tools.jackson.databind.JsonNode;

/**
 * The version-bits forms of real firmware against a real regtest node whose template version (bcoin: 30000003) has bit
 * 28 inside the pool's mask, the case where ESP-Miner's delta and BIP310's full bits differ (see VersionBits).
 */
class VersionRollingFormsTest {
    private static final int MASK = 0x1fffe000;
    /** The bits a BM1370 might report: ESP-Miner ORs them into the job version (bitaxeorg/ESP-Miner, components/asic). */
    private static final int CHIP_BITS = 0x0a5ae000;

    /** Tiny difficulties, but up to 0.001 so that a CPU miner asking for 0.0003 gets about a share a second. */
    @RegisterExtension
    static final RegtestPoolExtension POOL = new RegtestPoolExtension(c -> {
        var s = TestStratumConfig.tinyDifficulty().apply(c).stratum();
        return c.withStratum(new PoolConfig.StratumConfig(
                s.host(),
                s.port(),
                s.startDifficulty(),
                s.minDifficulty(),
                0.001,
                s.targetShareSeconds(),
                s.versionMask(),
                s.extranonce2Size(),
                s.coinbaseTag(),
                s.maxLineBytes(),
                s.idleSecondsBeforeAuthorize(),
                s.banSeconds()));
    });

    /**
     * A fresh bcoin regtest chain templates version 20000000; its deployments (bit 28 among them) start signalling
     * after the first 144-block period, which turns the template version into 30000003.
     */
    @BeforeAll
    static void mineUntilTheTemplateSignalsInsideTheMask() {
        var rpc = POOL.get().node.rpc();
        for (int period = 0; period < 4 && (templateVersion() & MASK) == 0; period++) {
            rpc.call("generatetoaddress", 144, RegtestPool.newAddress());
        }
        assertThat(templateVersion() & MASK)
                .as("template version %08x", templateVersion())
                .isNotZero();
    }

    private static int templateVersion() {
        JsonNode template = POOL.get().node.rpc().call("getblocktemplate", Map.of("rules", List.of("segwit")));
        return (int) template.get("version").asLong();
    }

    @Test
    void espMinerDeltaShareIsAcceptedAndTheNodeHoldsTheHeaderItHashed() throws Exception {
        try (var miner = rollingMiner()) {
            Work work = signallingWork(miner);
            int hashed = work.versionValue() | CHIP_BITS;
            int delta = hashed ^ work.versionValue();
            var share = shareTheBip310ReadingMisses(work, hashed, delta);

            JsonNode answer = miner.submit(miner.user(), work, share);
            assertThat(answer.get("result").asBoolean()).as("answer %s", answer).isTrue();
            JsonNode block = PoolChecks.acceptedBlock(POOL.get(), share.hash());
            assertThat(block.get("version").asLong()).isEqualTo(Integer.toUnsignedLong(hashed));
            // Stored as the version of the header it hashed, which potluck verify rebuilds.
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(POOL.get().events.accepted).anySatisfy(s -> {
                        assertThat(header(s).nonce()).isEqualTo(Integer.parseUnsignedInt(share.nonce(), 16));
                        assertThat(header(s).version()).isEqualTo(hashed);
                    }));
            miner.nextCleanWork();
        }
    }

    @Test
    void theStoredVersionIsTheHeadersEvenForAMinerWithANarrowerMask() throws Exception {
        int minerMask = 0x00ffe000; // bit 28 of the job is outside what this miner may roll, inside the pool's mask
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress() + ".narrow")) {
            JsonNode configured = miner.call(
                    "mining.configure",
                    List.of("version-rolling"),
                    Map.of("version-rolling.mask", String.format("%08x", minerMask)));
            assertThat(configured.get("result").get("version-rolling.mask").asString())
                    .isEqualTo("00ffe000");
            Work work = signallingWork(miner);
            int bits = 0x0055e000;
            int hashed = (work.versionValue() & ~minerMask) | bits;
            var share = ShareGrinder.grind(
                    work, 3, hashed, String.format("%08x", bits), ShareGrinder.meetsDifficulty(work.difficulty()));
            assertThat(miner.submit(miner.user(), work, share).get("result").asBoolean())
                    .isTrue();
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(POOL.get().events.accepted).anySatisfy(s -> {
                        assertThat(header(s).nonce()).isEqualTo(Integer.parseUnsignedInt(share.nonce(), 16));
                        // potluck verify (ShareWork) checks it differs from the job's only inside the pool's mask.
                        assertThat(header(s).version()).isEqualTo(hashed);
                        assertThat((header(s).version() ^ work.versionValue()) & ~MASK)
                                .isZero();
                    }));
            miner.nextCleanWork();
        }
    }

    @Test
    void theSameSolutionSentInBip310AndInEspMinerFormIsCreditedOnce() throws Exception {
        try (var miner = rollingMiner()) {
            Work work = signallingWork(miner);
            int hashed = work.versionValue() | CHIP_BITS;
            var share = shareTheBip310ReadingMisses(work, hashed, hashed ^ work.versionValue());
            Object[] bip310 = ScriptedMiner.submitParams(
                    miner.user(),
                    work.jobId(),
                    share.extranonce2(),
                    share.ntime(),
                    share.nonce(),
                    String.format("%08x", hashed & MASK));
            Object[] espMiner = ScriptedMiner.submitParams(
                    miner.user(), work.jobId(), share.extranonce2(), share.ntime(), share.nonce(), share.versionBits());
            // One write, so the second is judged before the first one's block moves the chain on.
            miner.sendLine(ScriptedMiner.requestLine(201, "mining.submit", bip310) + "\n"
                    + ScriptedMiner.requestLine(202, "mining.submit", espMiner));
            assertThat(miner.reply(201).get("result").asBoolean()).isTrue();
            assertError(miner.reply(202), 22, "duplicate");
            PoolChecks.acceptedBlock(POOL.get(), share.hash());
            assertThat(POOL.get().events.accepted.stream()
                            .filter(s -> header(s).nonce() == Integer.parseUnsignedInt(share.nonce(), 16)
                                    && header(s).extranonce().equals(work.extranonce1() + share.extranonce2())))
                    .hasSize(1);
            miner.nextCleanWork();
        }
    }

    /** The pool may still hand out the work of before the blocks mined above: wait for the signalling template's. */
    private static Work signallingWork(ScriptedMiner miner) throws Exception {
        Work work = miner.nextWork();
        for (int i = 0; i < 5 && (work.versionValue() & MASK) == 0; i++) {
            work = miner.nextCleanWork();
        }
        return work;
    }

    @Test
    void cpuMinerInEspMinerFormHasNoShareRejectedAsLowDifficulty() throws Exception {
        List<String> answers = new CopyOnWriteArrayList<>();
        var listener = new MinerListener() {
            @Override
            public void onShare(String jobId, boolean accepted, String error, double hashDifficulty) {
                answers.add(accepted ? "accepted" : error);
            }
        };
        var options = MinerOptions.parseUrl(
                        POOL.get().url(), RegtestPool.newAddress() + ".esp", "x", 1, 0.0003, true, null)
                .withVersionBitsForm(VersionBitsForm.ESP_MINER);
        try (var miner = new CpuMiner(options, listener)) {
            miner.start();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> answers.stream().filter("accepted"::equals).count() >= 8);
        }
        // Its header is the job's version, unrolled: it submits 00000000, which BIP310 alone reads as the job version
        // without bit 28, a header that is a share only by the luck of being a regtest block (half the time).
        System.out.println("CPU miner in ESP-Miner form, answers: " + answers);
        assertThat(answers).noneMatch(a -> a.contains("low difficulty"));
    }

    private static ScriptedMiner rollingMiner() throws Exception {
        var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress() + ".bitaxe");
        JsonNode configured =
                miner.call("mining.configure", List.of("version-rolling"), Map.of("version-rolling.mask", "ffffffff"));
        assertThat(configured.get("result").get("version-rolling.mask").asString())
                .isEqualTo(String.format("%08x", MASK));
        return miner;
    }

    /**
     * A share on the header the firmware hashed, chosen so that the BIP310 reading of its bits is neither a share nor a
     * block (on regtest half of all hashes are blocks): only the delta reading can credit it.
     */
    private static ShareGrinder.Solution shareTheBip310ReadingMisses(Work work, int hashed, int submittedBits) {
        assertThat(work.versionValue() & MASK)
                .as("the regtest template version %s has bits inside the mask", work.version())
                .isNotZero();
        int bip310 = (work.versionValue() & ~MASK) | submittedBits;
        var network = Target.fromBits(Integer.parseUnsignedInt(work.nbits(), 16));
        for (long extranonce2 = 1; extranonce2 < 200; extranonce2++) {
            var share = ShareGrinder.grind(
                    work,
                    extranonce2,
                    hashed,
                    String.format("%08x", submittedBits),
                    ShareGrinder.meetsDifficulty(work.difficulty()));
            byte[] misread = ShareGrinder.hashWithVersion(work, share, bip310);
            if (!Target.meets(misread, network)
                    && !ShareGrinder.meetsDifficulty(work.difficulty()).test(misread)) {
                return share;
            }
        }
        throw new AssertionError("no share whose BIP310 reading misses in 200 tries");
    }

    private static ShareProof.HeaderFields header(AcceptedShare share) {
        return (ShareProof.HeaderFields) share.proof();
    }
}
