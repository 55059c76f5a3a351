package org.potluck.core;

import java.util.Arrays;
import org.potluck.bitcoin.Target;
import org.potluck.core.ShareResult.Accepted;
import org.potluck.core.ShareResult.BlockFound;
import org.potluck.core.ShareResult.Credited;
import org.potluck.core.ShareResult.Rejected;

/**
 * One miner's (or one proxy's) unit of work, whatever protocol it speaks: its extranonce space, its difficulty and
 * version-rolling mask, the jobs it was sent, the shares it had credited, its vardiff and its flood score. It takes
 * jobs ("sent at this difficulty under this id") and typed submissions, and answers each with a {@link ShareResult}.
 *
 * <p>Confined to one thread (the connection's event loop): no locks. Only {@link #difficulty} may be read elsewhere
 * (the admin list). Time comes in as arguments, so that every rule can be tested on a made-up clock.
 */
public final class MiningChannel<J extends JobSpec> {
    /** How many of a channel's most recent jobs are still accepted (older ones are unknown). A power of two. */
    public static final int JOBS_KEPT = 16;
    /**
     * How long after new-block work went out to this channel a share on the work it replaced costs the miner nothing:
     * such shares were in flight (or queued in the device, or in the pool's own socket buffers while it was busy), and
     * under load a pool that bans for them bans every honest miner at once (seen in the open-loop bench: 1,000 miners
     * at 100 shares/s, new work 1-2 s late, all banned). Only job ids this channel was really sent qualify, and at most
     * {@link #IN_FLIGHT_FREE_PER_BLOCK} of them.
     */
    public static final long IN_FLIGHT_GRACE_NANOS = 30_000_000_000L;
    /**
     * How many shares on gone work a channel may send around one block for free: ten seconds of a device at 100 shares
     * a second. A client that keeps replaying old work past that is weighed as before and banned.
     */
    public static final int IN_FLIGHT_FREE_PER_BLOCK = 1_000;

    private final byte[] extranonce1;
    private final int extranonce2Size;
    private final ChainTip tip;
    private final Vardiff vardiff;
    private final SeenShares seenShares = new SeenShares();
    private final FloodScore floodScore = new FloodScore();
    /**
     * The recent jobs by id modulo {@link #JOBS_KEPT}: ids are handed out in order, so the slot of a kept job holds it,
     * and an older one has been overwritten. A lookup is one array read, with no boxing of the id.
     */
    @SuppressWarnings("unchecked")
    private final SentJob<J>[] recentJobs = new SentJob[JOBS_KEPT];

    private long lastJobId;
    /** The id of the last clean (new block) job sent, and when: see {@link #IN_FLIGHT_GRACE_NANOS}. */
    private long cleanJobId;

    private long cleanSentNanos;
    /** Free refusals of in-flight work left for the current block; refilled by each clean job. */
    private int inFlightFreeLeft = IN_FLIGHT_FREE_PER_BLOCK;

    private volatile double difficulty;
    private int versionMask;
    /** The share target of {@link #targetDifficulty}: a difficulty rarely changes, while jobs go out on every block. */
    private double targetDifficulty = Double.NaN;

    private byte[] targetLE;

    /**
     * @param extranonce1     the pool's part of the extranonce slot, unique to this channel
     * @param extranonce2Size the size of the miner's part
     * @param tip             says whether a job's template is still on the current chain tip
     */
    public MiningChannel(
            byte[] extranonce1, int extranonce2Size, ChainTip tip, Vardiff vardiff, double startDifficulty) {
        this.extranonce1 = extranonce1.clone();
        this.extranonce2Size = extranonce2Size;
        this.tip = tip;
        this.vardiff = vardiff;
        this.difficulty = startDifficulty;
    }

    public byte[] extranonce1() {
        return extranonce1.clone();
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    /** The difficulty the next job goes out at. */
    public double difficulty() {
        return difficulty;
    }

    public int versionMask() {
        return versionMask;
    }

    /** The version bits this miner may roll: the pool's mask and its own, as negotiated by its protocol. */
    public void versionMask(int mask) {
        versionMask = mask;
    }

    /** Whether any job has been sent yet. */
    public boolean hasJobs() {
        return lastJobId > 0;
    }

    /**
     * Records a job as sent at the current difficulty under a new id, which the caller puts on the wire. A clean job
     * (new block) makes every earlier one unknown, and the shares credited on an older tip are forgotten.
     */
    public SentJob<J> send(J job, boolean clean, long nowNanos) {
        if (clean) {
            Arrays.fill(recentJobs, null);
            seenShares.forgetUnless(job.template().prevHashDisplay());
        }
        long id = ++lastJobId;
        if (clean) {
            cleanJobId = id;
            cleanSentNanos = nowNanos;
            inFlightFreeLeft = IN_FLIGHT_FREE_PER_BLOCK;
        }
        if (id == 1) {
            vardiff.begin(nowNanos); // the miner starts hashing now: its silence counts from here
        }
        double d = difficulty;
        if (Double.doubleToLongBits(d) != Double.doubleToLongBits(targetDifficulty)) {
            targetLE = Target.toLittleEndian32(Target.fromDifficulty(d));
            targetDifficulty = d;
        }
        SentJob<J> sent = new SentJob<>(id, job, d, targetLE);
        recentJobs[slot(id)] = sent;
        return sent;
    }

    /**
     * Judges one share. In order: the job must be one of the last {@link #JOBS_KEPT} sent and on the current tip; then
     * the share check ({@link ShareValidator}: extranonce2 size, ntime window, version bits, the hash against the
     * network target first and then the share target); then it must be the first time this header is credited.
     *
     * @param nowSeconds the pool's clock (seconds since the epoch), for the ntime window
     * @param nowNanos   a monotonic clock, for the flood score
     */
    public ShareResult<J> submit(Submission share, long nowSeconds, long nowNanos) {
        SentJob<J> sent = sentJob(share.jobId());
        if (sent == null) {
            boolean inFlight = share.jobId() > 0
                    && share.jobId() < cleanJobId
                    && nowNanos - cleanSentNanos < IN_FLIGHT_GRACE_NANOS;
            return refuse(
                    Rejection.UNKNOWN_JOB,
                    "job not found (stale)",
                    inFlightPenalty(Rejection.UNKNOWN_JOB, inFlight),
                    nowNanos);
        }
        WorkTemplate template = sent.job().template();
        if (!tip.isCurrent(template)) {
            // A clean job makes every earlier one unknown, so a known job on an old tip means this channel has not
            // been sent the new block's work yet: the pool is late, not the miner.
            return refuse(
                    Rejection.STALE_JOB,
                    "stale share: the job predates the latest block",
                    inFlightPenalty(Rejection.STALE_JOB, true),
                    nowNanos);
        }
        ShareCheck check = ShareValidator.check(
                sent.job(), share, extranonce1, extranonce2Size, versionMask, sent.targetLE(), nowSeconds);
        if (!check.valid()) {
            return refuse(check.rejection(), check.reason(), nowNanos);
        }
        // By the header, not the job id or the bits as sent: the same work goes out again under a new id after a
        // difficulty change, and two firmware forms of one solution (BIP310's bits, ESP-Miner's delta) are one header.
        if (!seenShares.firstTime(template.prevHashDisplay(), check.hash())) {
            return refuse(Rejection.DUPLICATE, "duplicate share", nowNanos);
        }
        if (check.meetsNetworkTarget()) {
            // Built here, at once: nothing but building these bytes stands between a block and the node.
            String blockHex = BlockAssembler.blockHex(sent.job(), check.header(), extranonce1, share.extranonce2());
            return new BlockFound<>(
                    sent, check.header(), check.hash(), check.hashDifficulty(), check.version(), blockHex);
        }
        return new Accepted<>(sent, check.header(), check.hash(), check.hashDifficulty(), check.version());
    }

    /**
     * A refusal decided before or outside the share check (the protocol's own: not logged in, wrong worker, a submit it
     * could not read): it weighs on the flood score like any other.
     */
    public Rejected<J> refuse(Rejection rejection, String reason, long nowNanos) {
        return refuse(rejection, reason, FloodScore.penaltyFor(rejection), nowNanos);
    }

    /** Nothing for work that was in flight around a block, while this block's allowance lasts; the usual weight else. */
    private double inFlightPenalty(Rejection rejection, boolean inFlight) {
        if (inFlight && inFlightFreeLeft > 0) {
            inFlightFreeLeft--;
            return 0;
        }
        return FloodScore.penaltyFor(rejection);
    }

    private Rejected<J> refuse(Rejection rejection, String reason, double penalty, long nowNanos) {
        boolean ban = floodScore.add(penalty, nowNanos);
        return new Rejected<>(rejection, reason, penalty, ban);
    }

    /** A credited share could not be recorded, so it was not credited after all: a resubmission may be. */
    public void forget(Credited<J> share) {
        seenShares.forget(share.job().template().prevHashDisplay(), share.hash());
    }

    /**
     * A credited share was recorded: vardiff counts it. Returns the new difficulty when it moved (the next job goes out
     * at it), or NaN.
     */
    public double recorded(Credited<J> share, long nowNanos) {
        double next = vardiff.onShare(difficulty, share.creditedDifficulty(), nowNanos);
        if (!Double.isNaN(next)) {
            difficulty = next;
        }
        return next;
    }

    /**
     * Called now and then between shares: a miner that has gone quiet comes down (vardiff decides when the silence is
     * long enough). Returns the new, lower difficulty, or NaN.
     */
    public double quiet(long nowNanos) {
        if (!hasJobs()) {
            return Double.NaN;
        }
        double current = difficulty;
        double next = vardiff.onQuiet(current, nowNanos);
        if (Double.isNaN(next) || next >= current) {
            return Double.NaN;
        }
        difficulty = next;
        return next;
    }

    /**
     * The miner asked for a difficulty (already clamped to the pool's range): vardiff measures afresh from here. True
     * when the difficulty changed.
     */
    public boolean suggest(double clampedDifficulty, long nowNanos) {
        vardiff.reset(nowNanos);
        if (clampedDifficulty == difficulty) {
            return false;
        }
        difficulty = clampedDifficulty;
        return true;
    }

    /** The flood score as of the last refusal (for tests and diagnostics). */
    double floodScore() {
        return floodScore.score();
    }

    /** How many credited shares are kept for the duplicate check (for tests). */
    int seenShareCount() {
        return seenShares.size();
    }

    private SentJob<J> sentJob(long id) {
        if (id <= 0 || id > lastJobId) {
            return null;
        }
        SentJob<J> sent = recentJobs[slot(id)];
        return sent != null && sent.id() == id ? sent : null;
    }

    private static int slot(long id) {
        return (int) (id & (JOBS_KEPT - 1));
    }
}
