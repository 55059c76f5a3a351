package org.potluck.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.PayoutCalculator;
import org.potluck.accounting.PayoutInputs;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.PplnsWindow;
import org.potluck.accounting.Window;
import org.potluck.accounting.published.BlockStatus;
import org.potluck.accounting.published.ChainLedger;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.accounting.published.PublishedPayout;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.bitcoin.Network;

/**
 * The checks, run over the verifier's own copy of the records; incremental, so that a following verifier checks each
 * share, job and block once. Payout tables are recomputed from the verifier's shares and a credit ledger it replays
 * itself from the pool's accepted blocks, each with the table the verifier computed for its job (not the published
 * one): a lie in one block's table cannot leak into the expected tables of the following ones.
 */
final class Audit {
    private final VerifierDb db;
    private final PublishedRules rules;
    private final Network network;
    private final int versionMask;
    private final Function<String, Optional<PublishedJob>> fetchJob;
    private final WitnessNode node;
    private final Consumer<Problem> report;
    /** In solo mode, who each share's coinbase pays; null in PPLNS mode, where a coinbase pays the whole window. */
    private final SoloPayee soloPayee;

    private int blocksFound;
    /** Whether the pool publishes difficulty assignments, and the time of the first one (older shares lack them). */
    private boolean difficultiesPublished;

    private java.time.Instant difficultiesSince;
    private long sharesBeforeDifficulties;
    /**
     * Shares whose credit matched no assignment in the round they arrived: the pool stores an assignment a moment
     * after sending it, so a share that arrived live is given one more round (or the run's last) before it is reported.
     */
    private final Set<Long> awaitingAssignment = new java.util.LinkedHashSet<>();

    private long sharesCheckedUpTo;
    private long sharesChecked;
    private final Set<String> jobsChecked = new HashSet<>();
    /** "hash status" of each block checked: a block whose status changes is checked again. */
    private final Set<String> blocksChecked = new HashSet<>();

    private final Map<String, String> pendingJobs = new LinkedHashMap<>();
    private final Map<String, PayoutTable> expectedTables = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final Map<String, String> blockNotes = new LinkedHashMap<>();
    /** Blocks the miner's node could not speak for, by hash: retried each round, reported as "could not verify". */
    private final Map<String, String> unverifiedBlocks = new LinkedHashMap<>();

    /**
     * @param fetchJob asks the pool for one job a share names that is not stored yet
     * @param node     the miner's node, or null
     * @param report   receives each problem once, as found
     */
    Audit(
            VerifierDb db,
            PublishedRules rules,
            Function<String, Optional<PublishedJob>> fetchJob,
            WitnessNode node,
            Consumer<Problem> report) {
        this.db = db;
        this.rules = rules;
        this.network = Network.byName(rules.network());
        this.versionMask = rules.versionMaskValue();
        this.fetchJob = fetchJob;
        this.node = node;
        this.report = report;
        this.soloPayee = "solo".equalsIgnoreCase(rules.scheme()) ? new SoloPayee(network) : null;
    }

    long sharesChecked() {
        return sharesChecked;
    }

    int jobsChecked() {
        return jobsChecked.size();
    }

    /** Blocks checked at least once (a block is checked again when its status changes). */
    int blocksChecked() {
        return (int) blocksChecked.stream()
                .map(key -> key.substring(0, key.indexOf(' ')))
                .distinct()
                .count();
    }

    /** Jobs not checked yet, with the reason. */
    Map<String, String> pendingJobs() {
        return Map.copyOf(pendingJobs);
    }

    /**
     * Tells whether the pool publishes difficulty assignments ({@code /api/v1/difficulties}); shares older than the
     * first one it published are checked without them.
     */
    void difficultiesPublished(boolean published) {
        difficultiesPublished = published;
        difficultiesSince = published ? db.firstDifficulty().map(d -> d.time()).orElse(null) : null;
    }

    /** What was checked only in part, and why (not a mismatch). */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        pendingJobs.forEach((id, why) -> notes.add("job " + id + " not checked yet: " + why));
        notes.addAll(blockNotes.values());
        if (!difficultiesPublished && sharesChecked > 0) {
            notes.add("the pool does not publish difficulty assignments (/api/v1/difficulties): credited"
                    + " difficulties were checked against proof of work only");
        } else if (sharesBeforeDifficulties > 0) {
            notes.add(sharesBeforeDifficulties + " shares predate the first difficulty assignment the pool published:"
                    + " their credited difficulties were checked against proof of work only");
        }
        return notes;
    }

    /** What could not be checked because of the verifier's own side (never a problem of the pool's). */
    List<String> unverified() {
        return unverifiedBlocks.entrySet().stream()
                .map(e -> "block " + e.getKey() + ": " + e.getValue())
                .toList();
    }

    void problem(Problem.Kind kind, String subject, String message) {
        Problem p = new Problem(kind, subject, message);
        if (reported.add(p.toString())) {
            report.accept(p);
        }
    }

    /**
     * Rechecks the proof of work of every share stored since the last call.
     *
     * @param blocks    the pool's found blocks (in solo mode, how far an xpub's fresh addresses may have moved on)
     * @param lastRound the run ends after this round: shares whose credit matches no assignment are reported now
     *                  rather than given another round
     */
    void checkShares(List<PublishedBlock> blocks, boolean lastRound) {
        blocksFound = blocks.size();
        recheckAwaitingAssignment();
        while (true) {
            List<PublishedShare> page = db.sharesAfter(sharesCheckedUpTo, 1000);
            Map<Long, String> headers = new LinkedHashMap<>();
            for (PublishedShare share : page) {
                String headerHash = checkShare(share);
                if (headerHash != null) {
                    headers.put(share.sequence(), headerHash);
                }
                sharesCheckedUpTo = share.sequence();
                sharesChecked++;
            }
            checkHeadersUnique(page, headers);
            if (page.size() < 1000) {
                break;
            }
        }
        if (lastRound) {
            recheckAwaitingAssignment();
        }
    }

    /** Checks one share's work; returns the hash of its rebuilt header, or null when there is none. */
    private String checkShare(PublishedShare share) {
        String subject = Long.toString(share.sequence());
        if (share.jobId() == null) {
            problem(Problem.Kind.SHARE, subject, "names no job");
            return null;
        }
        Optional<PublishedJob> job = db.job(share.jobId()).or(() -> fetchJob.apply(share.jobId()));
        if (job.isEmpty()) {
            problem(Problem.Kind.SHARE, subject, "its job " + share.jobId() + " is not published");
            return null;
        }
        ShareWork.Checked checked = ShareWork.check(share, job.get(), versionMask);
        if (checked.problem() != null) {
            problem(
                    Problem.Kind.SHARE,
                    subject,
                    "(address " + share.address() + ", job " + share.jobId() + ") " + checked.problem());
        }
        if (difficultiesPublished) {
            checkAssignment(share, job.get());
        }
        if (soloPayee != null) {
            soloPayee
                    .mismatch(share, job.get(), blocksFound)
                    .ifPresent(message -> problem(Problem.Kind.SHARE, subject, message));
        }
        return checked.headerHash();
    }

    private void checkAssignment(PublishedShare share, PublishedJob job) {
        if (difficultiesSince == null || share.time().isBefore(difficultiesSince)) {
            sharesBeforeDifficulties++;
            return;
        }
        if (AssignedDifficulty.mismatch(share, job, db.difficulties(share.connection(), job.height()))
                .isPresent()) {
            awaitingAssignment.add(share.sequence());
        }
    }

    /** Reports the shares still without an assignment now that the assignments were downloaded again. */
    private void recheckAwaitingAssignment() {
        for (long sequence : awaitingAssignment) {
            PublishedShare share = db.share(sequence).orElseThrow();
            PublishedJob job = db.job(share.jobId()).orElseThrow();
            AssignedDifficulty.mismatch(share, job, db.difficulties(share.connection(), job.height()))
                    .ifPresent(m -> problem(Problem.Kind.SHARE, Long.toString(sequence), m));
        }
        awaitingAssignment.clear();
    }

    /** One header is one piece of work: published under two sequences, it was credited twice (a replayed share). */
    private void checkHeadersUnique(List<PublishedShare> page, Map<Long, String> headers) {
        Map<Long, Long> firstSeen = db.firstSharesWithHeaders(headers);
        for (PublishedShare share : page) {
            Long first = firstSeen.get(share.sequence());
            if (first != null && first != share.sequence()) {
                problem(
                        Problem.Kind.SHARE,
                        Long.toString(share.sequence()),
                        "(address " + share.address() + ", job "
                                + share.jobId() + ") its block header (hash " + headers.get(share.sequence())
                                + ") is the one of share " + first + ": the same work credited twice");
            }
        }
    }

    /**
     * Recomputes the table of every job not checked yet whose window's shares are all stored, and checks that its
     * coinbase pays exactly the table it published.
     *
     * @param blocks the pool's found blocks (for the credit ledger)
     */
    void checkJobs(List<PublishedBlock> blocks) {
        expectedTables.clear();
        long lastShare = db.lastShareSequence();
        for (PublishedJob job : db.jobs()) {
            if (jobsChecked.contains(job.jobId())) {
                continue;
            }
            if (job.windowEndSequence() > lastShare) {
                pendingJobs.put(
                        job.jobId(),
                        "its window ends at share " + job.windowEndSequence() + ", beyond the " + lastShare
                                + " shares published so far");
                continue;
            }
            pendingJobs.remove(job.jobId());
            jobsChecked.add(job.jobId());
            checkJobCoinbase(job);
            if (!"pplns".equalsIgnoreCase(rules.scheme())) {
                continue;
            }
            expectedTable(job, blocks)
                    .ifPresent(expected -> TableComparison.differences(expected, job)
                            .forEach(d -> problem(Problem.Kind.JOB, job.jobId(), d)));
        }
    }

    private void checkJobCoinbase(PublishedJob job) {
        List<PublishedOutput> outputs;
        try {
            outputs = CoinbasePayments.outputsOf(job);
        } catch (IllegalArgumentException e) {
            problem(
                    Problem.Kind.JOB,
                    job.jobId(),
                    "coinb1 + extranonce + coinb2 is not a transaction: " + e.getMessage());
            return;
        }
        CoinbasePayments.differences(job.outputs(), outputs, network)
                .forEach(d -> problem(Problem.Kind.JOB, job.jobId(), d + " (against its published table)"));
    }

    /**
     * Checks each found block not checked yet (again when its status changed): its coinbase, as the pool and the
     * miner's node report it, and that a block the pool lists as in the best chain is in the node's best chain. A
     * block listed as orphaned or rejected paid nobody: it is noted, and the node is not asked for it.
     */
    void checkBlocks(List<PublishedBlock> blocks) {
        for (PublishedBlock block : blocks) {
            String checkedAs = block.blockHash() + " " + block.status();
            if (blocksChecked.contains(checkedAs)) {
                continue;
            }
            Optional<PublishedJob> job = block.jobId() == null ? Optional.empty() : db.job(block.jobId());
            if (job.isEmpty()) {
                problem(Problem.Kind.BLOCK, block.blockHash(), "its job " + block.jobId() + " is not published");
                blocksChecked.add(checkedAs);
                continue;
            }
            if (pendingJobs.containsKey(job.get().jobId())) {
                continue;
            }
            blocksChecked.add(checkedAs);
            List<PublishedPayout> table = "pplns".equalsIgnoreCase(rules.scheme())
                    ? expectedTable(job.get(), blocks)
                            .map(t -> t.outputs().stream()
                                    .map(PublishedPayout::of)
                                    .toList())
                            .orElse(job.get().outputs())
                    : job.get().outputs();
            CoinbasePayments.differences(table, block.coinbaseOutputs(), network)
                    .forEach(d -> problem(
                            Problem.Kind.BLOCK,
                            block.blockHash(),
                            "(job " + block.jobId() + ", as the pool reports it) " + d));
            BlockStatus status = block.blockStatus();
            if (!status.counts()) {
                blockNotes.put(
                        block.blockHash(),
                        "block " + block.blockHash() + " at height " + block.height() + " is listed as " + status.wire()
                                + ": it paid nobody and moves no credits");
                continue;
            }
            if (node != null) {
                checkOnTheNode(block, table);
            }
        }
    }

    private void checkOnTheNode(PublishedBlock block, List<PublishedPayout> table) {
        try {
            if (block.blockStatus() == BlockStatus.IN_CHAIN || block.blockStatus() == BlockStatus.CONFIRMED) {
                String inChain = node.blockHashAt(block.height());
                if (!inChain.equalsIgnoreCase(block.blockHash())) {
                    problem(
                            Problem.Kind.BLOCK,
                            block.blockHash(),
                            "the pool lists it as " + block.status() + " but the miner's node's best chain has "
                                    + inChain + " at height " + block.height());
                    unverifiedBlocks.remove(block.blockHash());
                    return;
                }
            }
            CoinbasePayments.differences(table, node.coinbaseOutputs(block.blockHash(), block.height()), network)
                    .forEach(d -> problem(
                            Problem.Kind.BLOCK,
                            block.blockHash(),
                            "(job " + block.jobId() + ", as the miner's node has it) " + d));
            unverifiedBlocks.remove(block.blockHash());
        } catch (VerifyException e) {
            // The verifier's node failing is the verifier's problem: retried next round, never a mismatch.
            unverifiedBlocks.put(block.blockHash(), "your node cannot confirm it: " + e.getMessage());
            blocksChecked.remove(block.blockHash() + " " + block.status());
        }
    }

    /** The table the rule gives for {@code job}, or empty (with a problem reported) when it cannot be computed. */
    private Optional<PayoutTable> expectedTable(PublishedJob job, List<PublishedBlock> blocks) {
        PayoutTable cached = expectedTables.get(job.jobId());
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            CreditLedger ledger = ledgerBefore(job, blocks);
            BigDecimal size = PplnsWindow.windowSize(rules.windowMultiplier(), job.nbitsValue());
            Window window = PplnsWindow.select(db.windowShares(job.windowEndSequence(), size), size);
            PayoutTable table = PayoutCalculator.compute(new PayoutInputs(
                    job.coinbaseValue(),
                    window,
                    ledger.credits(),
                    job.finderAddress(),
                    rules.payoutRules(job.maxOutputs())));
            expectedTables.put(job.jobId(), table);
            return Optional.of(table);
        } catch (IllegalArgumentException | IllegalStateException e) {
            problem(Problem.Kind.JOB, job.jobId(), "its payout table cannot be recomputed: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The ledger {@code job} starts from: the pool's blocks in the chain it builds on (ChainLedger: an orphaned block
     * counts only for a job made on top of it), in height order, each with the table the rule gives for its job; a
     * block whose table cannot be recomputed counts with the one the pool published.
     */
    private CreditLedger ledgerBefore(PublishedJob job, List<PublishedBlock> blocks) {
        return ChainLedger.ledgerBefore(
                blocks, job.height(), job.prevHash(), block -> jobOf(block).map(PublishedJob::prevHash), block -> {
                    Optional<PublishedJob> its = jobOf(block);
                    if (its.isEmpty()) {
                        problem(
                                Problem.Kind.BLOCK,
                                block.blockHash(),
                                "its job " + block.jobId()
                                        + " is not published, so the credits it settled cannot be replayed");
                        return Optional.empty();
                    }
                    return Optional.of(expectedTable(its.get(), blocks)
                            .orElseGet(() -> its.get().payoutTable()));
                });
    }

    private Optional<PublishedJob> jobOf(PublishedBlock block) {
        return block.jobId() == null ? Optional.empty() : db.job(block.jobId());
    }
}
