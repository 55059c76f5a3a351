package org.potluck.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.potluck.core.Shares.EXTRANONCE1;
import static org.potluck.core.Shares.EXTRANONCE2_SIZE;
import static org.potluck.core.Shares.NTIME;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;
import org.potluck.core.ShareResult.Accepted;
import org.potluck.core.ShareResult.BlockFound;
import org.potluck.core.ShareResult.Credited;
import org.potluck.core.ShareResult.Rejected;

/**
 * A channel's share rules, one test per rule, with no socket and no node: jobs are made in the test, shares ground for
 * them at a tiny difficulty, and the clock is passed in.
 */
class MiningChannelTest {
    private static final double SHARE_DIFFICULTY = 1e-5;
    private static final long SECOND = 1_000_000_000L;
    private static final long NOW_SECONDS = NTIME;

    private final WorkTemplate template = Shares.template(1, "tip 1", Shares.DIFFICULTY_1_BITS);
    private final AtomicReference<WorkTemplate> tip = new AtomicReference<>(template);
    private final MiningChannel<TestJob> channel = new MiningChannel<>(
            EXTRANONCE1,
            EXTRANONCE2_SIZE,
            t -> t.prevHashDisplay().equals(tip.get().prevHashDisplay()),
            new Vardiff(1e-6, 1e6, 10),
            SHARE_DIFFICULTY);
    private final TestJob job = Shares.job("job-1", template);
    private long nanos = 1_000 * SECOND;

    private ShareResult<TestJob> submit(Submission share) {
        return channel.submit(share, NOW_SECONDS, nanos);
    }

    private static Rejection rejection(ShareResult<TestJob> result) {
        assertThat(result).isInstanceOf(Rejected.class);
        return ((Rejected<TestJob>) result).rejection();
    }

    @Test
    void shareMeetingTheTargetOfItsJobIsCreditedAtTheDifficultyTheJobWasSentWith() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        Submission share = Shares.share(sent, 1);
        channel.suggest(1, nanos); // a later difficulty does not change what the job was sent at

        var accepted = (Accepted<TestJob>) submit(share);

        assertThat(accepted.job()).isSameAs(job);
        assertThat(accepted.creditedDifficulty()).isEqualTo(SHARE_DIFFICULTY);
        assertThat(accepted.header())
                .isEqualTo(Shares.header(job, share.extranonce2(), NTIME, Shares.VERSION, share.nonce()));
        assertThat(accepted.hash()).isEqualTo(Sha256.sha256d(accepted.header()));
        assertThat(accepted.hashDifficulty()).isGreaterThanOrEqualTo(SHARE_DIFFICULTY);
    }

    @Test
    void shareOnAJobFromBeforeTheLatestBlockIsStale() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        Submission share = Shares.share(sent, 1);
        tip.set(Shares.template(2, "tip 2", Shares.DIFFICULTY_1_BITS)); // a block: the channel has no new job yet

        assertThat(rejection(submit(share))).isEqualTo(Rejection.STALE_JOB);
    }

    @Test
    void shareOnAJobIdNeverSentIsAnUnknownJob() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        Submission share = Shares.share(sent, 1);
        Submission elsewhere =
                new Submission(sent.id() + 1, share.extranonce2(), share.ntime(), share.nonce(), false, 0);

        assertThat(rejection(submit(elsewhere))).isEqualTo(Rejection.UNKNOWN_JOB);
        assertThat(submit(share)).isInstanceOf(Accepted.class);
    }

    @Test
    void onlyTheSixteenMostRecentJobsAreKnown() {
        SentJob<TestJob> first = channel.send(job, true, nanos);
        Submission onFirst = Shares.share(first, 1);
        for (int i = 1; i < MiningChannel.JOBS_KEPT; i++) {
            channel.send(job, false, nanos);
        }
        SentJob<TestJob> second = channel.send(job, false, nanos); // the 17th: the first ages out
        assertThat(rejection(submit(onFirst))).isEqualTo(Rejection.UNKNOWN_JOB);
        assertThat(submit(Shares.share(second, 2))).isInstanceOf(Accepted.class);
    }

    @Test
    void aCleanJobMakesEveryEarlierJobUnknown() {
        SentJob<TestJob> before = channel.send(job, true, nanos);
        Submission share = Shares.share(before, 1);
        channel.send(job, true, nanos);

        assertThat(rejection(submit(share))).isEqualTo(Rejection.UNKNOWN_JOB);
    }

    @Test
    void theSameHeaderTwiceIsADuplicate() {
        Submission share = Shares.share(channel.send(job, true, nanos), 1);

        assertThat(submit(share)).isInstanceOf(Accepted.class);
        assertThat(rejection(submit(share))).isEqualTo(Rejection.DUPLICATE);
    }

    @Test
    void theSameWorkSentAgainUnderANewJobIdIsADuplicate() {
        SentJob<TestJob> first = channel.send(job, true, nanos);
        Submission share = Shares.share(first, 1);
        SentJob<TestJob> again = channel.send(job, false, nanos); // e.g. after a difficulty change
        Submission underNewId = new Submission(again.id(), share.extranonce2(), share.ntime(), share.nonce(), false, 0);

        assertThat(submit(share)).isInstanceOf(Accepted.class);
        assertThat(rejection(submit(underNewId))).isEqualTo(Rejection.DUPLICATE);
    }

    @Test
    void aShareForgottenAfterAStorageFailureIsCreditedWhenSentAgain() {
        Submission share = Shares.share(channel.send(job, true, nanos), 1);
        var first = (Credited<TestJob>) submit(share);

        channel.forget(first);

        assertThat(submit(share)).isInstanceOf(Accepted.class);
        assertThat(rejection(submit(share))).isEqualTo(Rejection.DUPLICATE);
    }

    @Test
    void aNewBlocksCleanJobForgetsTheSharesOfTheOldTip() {
        Submission share = Shares.share(channel.send(job, true, nanos), 1);
        submit(share);
        WorkTemplate next = Shares.template(2, "tip 2", Shares.DIFFICULTY_1_BITS);
        tip.set(next);
        SentJob<TestJob> sent = channel.send(Shares.job("job-2", next), true, nanos);

        assertThat(channel.seenShareCount()).isZero();
        assertThat(submit(Shares.share(sent, 1))).isInstanceOf(Accepted.class);
    }

    @Test
    void aHashAboveTheShareTargetIsLowDifficulty() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        byte[] en2 = Shares.extranonce2(1);
        int nonce = Shares.grind(job, en2, Shares.meets(SHARE_DIFFICULTY).negate());

        ShareResult<TestJob> result = submit(Submission.of(sent.id(), en2, NTIME, nonce));

        assertThat(rejection(result)).isEqualTo(Rejection.LOW_DIFFICULTY);
        assertThat(((Rejected<TestJob>) result).reason()).startsWith("low difficulty share");
    }

    @Test
    void versionBitsOutsideTheNegotiatedMaskAreRefused() {
        channel.versionMask(0x1fffe000);
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        Submission share = Shares.share(sent, 1);

        var outside = Submission.rolled(sent.id(), share.extranonce2(), NTIME, share.nonce(), 0x00001000);
        var inside = Submission.rolled(sent.id(), share.extranonce2(), NTIME, share.nonce(), 0x00002000);

        assertThat(rejection(submit(outside))).isEqualTo(Rejection.VERSION_BITS_OUTSIDE_MASK);
        assertThat(rejection(submit(inside)))
                .as("inside the mask: judged by its hash")
                .isEqualTo(Rejection.LOW_DIFFICULTY);
    }

    @Test
    void versionBitsFromAMinerThatNegotiatedNoMaskAreRefused() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        Submission share = Shares.share(sent, 1);

        var rolled = Submission.rolled(sent.id(), share.extranonce2(), NTIME, share.nonce(), 0x00002000);

        assertThat(rejection(submit(rolled))).isEqualTo(Rejection.VERSION_BITS_OUTSIDE_MASK);
    }

    @Test
    void ntimeBeforeTheTemplatesMintimeIsOutOfRange() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        Submission share = Shares.share(sent, 1);
        var early = Submission.of(sent.id(), share.extranonce2(), (int) Shares.MIN_TIME - 1, share.nonce());

        assertThat(rejection(submit(early))).isEqualTo(Rejection.NTIME_OUT_OF_RANGE);
    }

    @Test
    void ntimeMoreThan7000SecondsAheadOfThePoolsClockIsOutOfRange() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        Submission share = Shares.share(sent, 1);
        var atLimit = Submission.of(sent.id(), share.extranonce2(), NTIME + 7000, share.nonce());
        var beyond = Submission.of(sent.id(), share.extranonce2(), NTIME + 7001, share.nonce());

        ShareResult<TestJob> limit = submit(atLimit);
        assertThat(limit instanceof Rejected<TestJob> r ? r.rejection() : null)
                .as("at the limit the time is fine (the hash of that header decides)")
                .isNotEqualTo(Rejection.NTIME_OUT_OF_RANGE);
        assertThat(rejection(submit(beyond))).isEqualTo(Rejection.NTIME_OUT_OF_RANGE);
    }

    @Test
    void extranonce2OfAnotherSizeThanTheChannelsIsMalformed() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        var shorter = Submission.of(sent.id(), new byte[EXTRANONCE2_SIZE - 1], NTIME, 0);
        var longer = Submission.of(sent.id(), new byte[EXTRANONCE2_SIZE + 1], NTIME, 0);

        assertThat(rejection(submit(shorter))).isEqualTo(Rejection.MALFORMED_SUBMIT);
        assertThat(rejection(submit(longer))).isEqualTo(Rejection.MALFORMED_SUBMIT);
    }

    @Test
    void aHashMeetingTheNetworkTargetIsABlockEvenBelowTheShareDifficulty() {
        // Regtest-like: the network target is far easier than this miner's share target (difficulty 1e6).
        WorkTemplate easy = Shares.template(1, "tip 1", Shares.REGTEST_BITS);
        tip.set(easy);
        channel.suggest(1e6, nanos);
        TestJob easyJob = Shares.job("job-easy", easy);
        SentJob<TestJob> sent = channel.send(easyJob, true, nanos);
        byte[] en2 = Shares.extranonce2(1);
        int nonce = Shares.grind(
                easyJob,
                en2,
                hash -> Target.meets(hash, easy.networkTarget())
                        && !Shares.meets(1e6).test(hash));

        var block = (BlockFound<TestJob>) submit(Submission.of(sent.id(), en2, NTIME, nonce));

        assertThat(block.creditedDifficulty()).isEqualTo(1e6);
        assertThat(block.hashDifficulty()).isLessThan(1e6);
        // The block: header, one more transaction than the template's, the coinbase with this channel's extranonce.
        assertThat(block.blockHex())
                .startsWith(Hex.encode(block.header()) + "02"
                        + Hex.encode(easyJob.coinbase().assemble(EXTRANONCE1, en2)));
        assertThat(block.blockHex()).endsWith("00");
    }

    @Test
    void refusalsWeighOnTheFloodScoreAndPastTheLimitTheMinerIsToBeBanned() {
        channel.send(job, true, nanos);
        int refusals = 0;
        Rejected<TestJob> last;
        do {
            last = channel.refuse(Rejection.MALFORMED_SUBMIT, "garbage", nanos);
            refusals++;
        } while (!last.ban() && refusals < 1_000);

        assertThat(refusals).as("refusals at one instant before the ban").isEqualTo((int) FloodScore.BAN_LIMIT + 1);
        assertThat(last.penalty()).isEqualTo(1);
    }

    @Test
    void sharesOnReplacedJobsWeighAFifthOfOtherRefusals() {
        channel.send(job, true, nanos);
        for (int i = 0;
                i < 400;
                i++) { // a job id this channel never sent: what in-flight work after a block looks like
            assertThat(((Rejected<TestJob>) submit(Submission.of(99, new byte[8], NTIME, i))).ban())
                    .isFalse();
        }
        assertThat(channel.floodScore()).isCloseTo(80, within(1e-6));
        for (int i = 0; i < 19; i++) {
            assertThat(channel.refuse(Rejection.LOW_DIFFICULTY, "low", nanos).ban())
                    .isFalse();
        }
        channel.refuse(Rejection.LOW_DIFFICULTY, "low", nanos);
        assertThat(channel.refuse(Rejection.LOW_DIFFICULTY, "low", nanos).ban())
                .as("about 101")
                .isTrue();
    }

    @Test
    void sharesOnWorkReplacedByANewBlockCostNothingWhileTheyCanStillBeInFlight() {
        SentJob<TestJob> old = channel.send(job, true, nanos);
        Submission inFlight = Shares.share(old, 1);
        channel.send(Shares.job("job-2", template), true, nanos);
        nanos += MiningChannel.IN_FLIGHT_GRACE_NANOS - SECOND;

        var refused = (Rejected<TestJob>) submit(inFlight);

        assertThat(refused.rejection()).isEqualTo(Rejection.UNKNOWN_JOB);
        assertThat(refused.penalty()).isZero();
        assertThat(channel.floodScore()).isZero();
    }

    @Test
    void afterTheGraceSharesOnReplacedWorkWeighAFifthAgain() {
        SentJob<TestJob> old = channel.send(job, true, nanos);
        Submission late = Shares.share(old, 1);
        channel.send(Shares.job("job-2", template), true, nanos);
        nanos += MiningChannel.IN_FLIGHT_GRACE_NANOS;

        assertThat(((Rejected<TestJob>) submit(late)).penalty()).isEqualTo(0.2);
    }

    @Test
    void aJobIdNeverSentGetsNoGraceAfterABlock() {
        channel.send(job, true, nanos);
        SentJob<TestJob> current = channel.send(Shares.job("job-2", template), true, nanos);
        Submission invented = new Submission(current.id() + 5, new byte[EXTRANONCE2_SIZE], NTIME, 1, false, 0);

        assertThat(((Rejected<TestJob>) submit(invented)).penalty()).isEqualTo(0.2);
    }

    @Test
    void aStaleShareBeforeTheChannelWasSentTheNewBlocksWorkCostsNothing() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        tip.set(Shares.template(2, "tip 2", Shares.DIFFICULTY_1_BITS)); // the pool has not sent the new work yet
        nanos += 10 * MiningChannel.IN_FLIGHT_GRACE_NANOS; // however long that takes

        var refused = (Rejected<TestJob>) submit(Shares.share(sent, 1));

        assertThat(refused.rejection()).isEqualTo(Rejection.STALE_JOB);
        assertThat(refused.penalty()).isZero();
    }

    @Test
    void aBusyPoolsLateNewBlockWorkDoesNotGetAnHonestMinerBanned() {
        // What the open-loop bench showed: 100 shares a second per miner, the new block's work 2 s late, then the
        // queued shares on the old work arriving after it. Before the grace, 500 of them crossed the ban limit.
        SentJob<TestJob> old = channel.send(job, true, nanos);
        tip.set(Shares.template(2, "tip 2", Shares.DIFFICULTY_1_BITS));
        for (int i = 0; i < 200; i++) {
            nanos += SECOND / 100;
            assertThat(((Rejected<TestJob>) submit(Shares.share(old, i))).ban()).isFalse();
        }
        channel.send(Shares.job("job-2", tip.get()), true, nanos);
        for (int i = 200; i < 1_000; i++) {
            nanos += SECOND / 100;
            assertThat(((Rejected<TestJob>) submit(Shares.share(old, i))).ban()).isFalse();
        }
        assertThat(channel.floodScore()).isZero();
    }

    @Test
    void aClientReplayingGoneWorkPastTheBlocksAllowanceIsWeighedAndBanned() {
        SentJob<TestJob> old = channel.send(job, true, nanos);
        channel.send(Shares.job("job-2", template), true, nanos);
        Submission replayed = Shares.share(old, 1);
        for (int i = 0; i < MiningChannel.IN_FLIGHT_FREE_PER_BLOCK; i++) {
            assertThat(((Rejected<TestJob>) submit(replayed)).penalty()).isZero();
        }
        boolean banned = false;
        for (int i = 0; i < 600 && !banned; i++) {
            banned = ((Rejected<TestJob>) submit(replayed)).ban();
        }
        assertThat(banned).as("banned once the allowance is spent").isTrue();
    }

    @Test
    void vardiffRaisesAMinerTenTimesTooFastAndItsNextJobGoesOutAtTheNewTarget() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        double next = Double.NaN;
        // Ten times too fast for the 10 s target: a share every second.
        for (int i = 1; i <= 100 && Double.isNaN(next); i++) {
            nanos += SECOND;
            next = channel.recorded((Credited<TestJob>) submit(Shares.share(sent, i)), nanos);
        }
        assertThat(next).isBetween(SHARE_DIFFICULTY * 5, SHARE_DIFFICULTY * 20);
        assertThat(channel.difficulty()).isEqualTo(next);
        SentJob<TestJob> after = channel.send(job, false, nanos);
        assertThat(after.difficulty()).isEqualTo(next);
        assertThat(after.targetLE()).isEqualTo(Target.toLittleEndian32(Target.fromDifficulty(next)));
    }

    @Test
    void vardiffStepsANewMinerWithNoShareDownAfterAboutOneTargetInterval() {
        channel.suggest(1, nanos);
        long start = nanos;
        channel.send(job, true, start);

        assertThat(channel.quiet(start + 5 * SECOND))
                .as("half an interval: not yet")
                .isNaN();
        double first = channel.quiet(start + 10 * SECOND);
        assertThat(first).as("one interval, no share: down fourfold").isEqualTo(0.25);
        assertThat(channel.difficulty()).isEqualTo(0.25);
    }

    @Test
    void vardiffLowersAMeasuredMinerThatHasGoneQuiet() {
        SentJob<TestJob> sent = channel.send(job, true, nanos);
        for (int i = 1; i <= 20; i++) { // settled: a share per target interval
            nanos += 10 * SECOND;
            channel.recorded((Credited<TestJob>) submit(Shares.share(sent, i)), nanos);
        }
        double before = channel.difficulty();
        assertThat(channel.quiet(nanos + 20 * SECOND))
                .as("two silent intervals: not yet")
                .isNaN();
        double after = channel.quiet(nanos + 40 * SECOND);
        assertThat(after).isLessThanOrEqualTo(before / 2);
    }

    @Test
    void aChannelThatWasSentNoJobIsNeverSteppedDown() {
        assertThat(channel.quiet(nanos + 3_600 * SECOND)).isNaN();
        assertThat(channel.difficulty()).isEqualTo(SHARE_DIFFICULTY);
    }
}
