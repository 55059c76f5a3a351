package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.potluck.pool.stratum.StratumAssertions.assertError;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.core.Rejection;
import org.potluck.pool.RecordingListener;
import org.potluck.pool.RegtestPool;
import org.potluck.store.ShareProof;
import tools.jackson.databind.JsonNode;

/** Every rule a submitted share is checked against, each answered with its Stratum error code (20-25) and a reason. */
class ShareRulesTest {
    @RegisterExtension
    static final RegtestPoolExtension POOL = RegtestPoolExtension.withTinyDifficulty();

    private String user;

    @BeforeEach
    void newUser() {
        user = RegtestPool.newAddress() + ".rig";
    }

    @Test
    void submitBeforeSubscribeIsError25() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            assertError(
                    miner.call("mining.submit", submit("1", "0000000000000000", "00000000", "00000000", null)),
                    25,
                    "not subscribed");
        }
    }

    @Test
    void submitBeforeAuthorizeIsError24() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            miner.subscribe("test-miner/1.0");
            assertError(
                    miner.call("mining.submit", submit("1", "0000000000000000", "00000000", "00000000", null)),
                    24,
                    "authorize");
        }
    }

    @Test
    void submitForAnotherWorkerThanTheAuthorizedOneIsError24() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            Work work = miner.nextWork();
            var share = ShareGrinder.validShare(work, 1);
            assertError(miner.submit(RegtestPool.newAddress() + ".other", work, share), 24, "unauthorized worker");
        }
    }

    @Test
    void validShareIsAcceptedAtTheDifficultyItsJobWasSentWith() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            Work work = miner.nextWork();
            var share = ShareGrinder.validShare(work, 1);
            JsonNode answer = miner.submit(user, work, share);
            assertThat(answer.get("result").asBoolean()).as("answer %s", answer).isTrue();
            assertThat(answer.get("error").isNull()).isTrue();
            // The miner is told "true" just before the pool's listeners hear of the share.
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(POOL.get().events.accepted).anySatisfy(s -> {
                        assertThat(s.proof())
                                .isEqualTo(new ShareProof.HeaderFields(
                                        "sv1",
                                        work.extranonce1(),
                                        work.extranonce1() + share.extranonce2(),
                                        work.versionValue(),
                                        Integer.parseUnsignedInt(share.ntime(), 16),
                                        Integer.parseUnsignedInt(share.nonce(), 16)));
                        assertThat(s.difficulty()).isEqualTo(work.difficulty());
                    }));
            awaitTheBlockItMade(miner);
        }
    }

    @Test
    void shareOnAJobFromBeforeABlockChangeIsStaleError21() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            Work old = miner.nextWork();
            // On regtest every share is a block: this one moves the chain on and the pool sends clean work.
            assertThat(miner.submit(user, old, ShareGrinder.validShare(old, 1))
                            .get("result")
                            .asBoolean())
                    .isTrue();
            Work fresh = miner.nextCleanWork();
            assertThat(fresh.prevHash()).isNotEqualTo(old.prevHash());

            var wouldHaveBeenValid = ShareGrinder.validShare(old, 2);
            assertError(miner.submit(user, old, wouldHaveBeenValid), 21, "stale");
        }
    }

    @Test
    void theSameShareSubmittedAgainIsDuplicateError22EvenInOtherLetterCase() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            Work work = miner.nextWork();
            var share = ShareGrinder.validShare(work, 1);
            // All three in one write, as a miner that resends would: the repeats are judged before the first one's
            // block can move the chain on (which would turn them into stale shares instead).
            Object[] params = submit(work.jobId(), share.extranonce2(), share.ntime(), share.nonce(), null);
            Object[] upper = submit(
                    work.jobId(),
                    share.extranonce2().toUpperCase(),
                    share.ntime().toUpperCase(),
                    share.nonce().toUpperCase(),
                    null);
            miner.sendLine(ScriptedMiner.requestLine(101, "mining.submit", params) + "\n"
                    + ScriptedMiner.requestLine(102, "mining.submit", params) + "\n"
                    + ScriptedMiner.requestLine(103, "mining.submit", upper));
            assertThat(miner.reply(101).get("result").asBoolean()).isTrue();
            assertError(miner.reply(102), 22, "duplicate");
            assertError(miner.reply(103), 22, "duplicate");
            awaitTheBlockItMade(miner);
        }
    }

    @Test
    void hashAboveTheShareTargetIsLowDifficultyError23() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            Work work = miner.nextWork();
            var weak = ShareGrinder.grind(
                    work, 1, work.versionValue(), null, ShareGrinder.belowShareAndNetworkTarget(work));
            assertError(miner.submit(user, work, weak), 23, "low difficulty");
        }
    }

    @Test
    void unknownJobIdIsError21() throws Exception {
        assertError(
                answerTo(w -> submit("no-such-job", w.extranonce2(1), w.ntime(), "00000000", null)),
                21,
                "job not found");
    }

    @Test
    void ntimeBeforeTheTemplatesMintimeIsRejectedWithTheReason() throws Exception {
        assertError(
                answerTo(w -> submit(w.jobId(), w.extranonce2(1), "00000001", "00000000", null)),
                20,
                "ntime 00000001 is before the template's mintime");
    }

    @Test
    void ntimeMoreThanTwoHoursAheadIsRejectedWithTheReason() throws Exception {
        int threeHours = 3 * 3600;
        JsonNode answer = answerTo(
                w -> submit(w.jobId(), w.extranonce2(1), hex32(w.ntimeValue() + threeHours), "00000000", null));
        assertError(answer, 20, "is too far in the future");
    }

    @Test
    void versionBitsOutsideTheNegotiatedMaskAreRejected() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            assertThat(miner.call(
                                    "mining.configure",
                                    List.of("version-rolling"),
                                    Map.of("version-rolling.mask", "1fffe000"))
                            .get("result")
                            .get("version-rolling")
                            .asBoolean())
                    .isTrue();
            Work work = miner.nextWork();
            assertError(
                    miner.call(
                            "mining.submit",
                            submit(work.jobId(), work.extranonce2(1), work.ntime(), "00000000", "20000000")),
                    20,
                    "version bits 20000000 are outside the negotiated mask 1fffe000");
            assertError(
                    miner.call(
                            "mining.submit",
                            submit(work.jobId(), work.extranonce2(2), work.ntime(), "00000000", "00001000")),
                    20,
                    "outside the negotiated mask");
        }
    }

    @Test
    void versionBitsFromAMinerThatNeverNegotiatedVersionRollingAreRejected() throws Exception {
        assertError(
                answerTo(w -> submit(w.jobId(), w.extranonce2(1), w.ntime(), "00000000", "00002000")),
                20,
                "outside the negotiated mask 00000000");
    }

    @Test
    void extranonce2OfTheWrongLengthIsError20() throws Exception {
        assertError(
                answerTo(w -> submit(w.jobId(), "00000001", w.ntime(), "00000000", null)),
                20,
                "extranonce2 must be 8 bytes (16 hex digits), got 4");
    }

    @Test
    void malformedHexIsError20WithTheReason() throws Exception {
        assertError(
                answerTo(w -> submit(w.jobId(), w.extranonce2(1), w.ntime(), "xyz12345", null)),
                20,
                "nonce must be 8 hex digits, got \"xyz12345\"");
        assertError(
                answerTo(w -> submit(w.jobId(), "0g00000000000000", w.ntime(), "00000000", null)),
                20,
                "extranonce2 must be hex");
        assertError(
                answerTo(w -> submit(w.jobId(), w.extranonce2(1), "5f00", "00000000", null)),
                20,
                "ntime must be 8 hex digits");
        assertError(answerTo(w -> new Object[] {user, w.jobId()}), 20, "got 2 params");
    }

    @Test
    void aRefusedShareReachesThePoolsListenersAsItsReasonWhileTheMinerGetsItsStratumCode() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            Work work = miner.nextWork();
            assertError(
                    miner.call(
                            "mining.submit",
                            submit("no-such-job", work.extranonce2(1), work.ntime(), "00000000", null)),
                    21,
                    "job not found");
            assertError(
                    miner.call(
                            "mining.submit", submit(work.jobId(), work.extranonce2(1), "00000001", "00000000", null)),
                    20,
                    "before the template's mintime");
            assertError(
                    miner.call(
                            "mining.submit",
                            submit(work.jobId(), work.extranonce2(1), work.ntime(), "00000000", "00002000")),
                    20,
                    "outside the negotiated mask");
            assertError(
                    miner.call("mining.submit", submit(work.jobId(), "00000001", work.ntime(), "00000000", null)),
                    20,
                    "extranonce2 must be");
            var weak = ShareGrinder.grind(
                    work, 2, work.versionValue(), null, ShareGrinder.belowShareAndNetworkTarget(work));
            assertError(miner.submit(user, work, weak), 23, "low difficulty");
            assertError(
                    miner.submit(RegtestPool.newAddress() + ".other", work, ShareGrinder.validShare(work, 3)),
                    24,
                    "unauthorized worker");
        }
        // Several reasons share one v1 code (20, 21, 24): the listeners still see which one it was.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(POOL.get().events.rejected.stream()
                                .filter(r -> user.equals(r.user()))
                                .map(RecordingListener.Rejected::rejection))
                        .containsExactly(
                                Rejection.UNKNOWN_JOB,
                                Rejection.NTIME_OUT_OF_RANGE,
                                Rejection.VERSION_BITS_OUTSIDE_MASK,
                                Rejection.MALFORMED_SUBMIT,
                                Rejection.LOW_DIFFICULTY,
                                Rejection.WRONG_WORKER));
    }

    /** The params of a submit from this test's user. */
    private Object[] submit(String jobId, String extranonce2, String ntime, String nonce, String versionBits) {
        return ScriptedMiner.submitParams(user, jobId, extranonce2, ntime, nonce, versionBits);
    }

    /** The pool's answer to one submit, made by a freshly authorized miner from its first work. */
    private JsonNode answerTo(Function<Work, Object[]> submitParams) throws IOException {
        try (var miner = ScriptedMiner.ready(POOL.port(), user)) {
            return miner.call("mining.submit", submitParams.apply(miner.nextWork()));
        }
    }

    private static String hex32(long value) {
        return String.format("%08x", value);
    }

    /**
     * Every valid regtest share is a block. Waiting for the clean work it brings keeps the next test from being handed
     * work that the block then makes stale.
     */
    private static void awaitTheBlockItMade(ScriptedMiner miner) throws IOException {
        miner.nextCleanWork();
    }
}
