package org.potluck.verify;

import java.math.BigDecimal;
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
    private final NodeRpc node;
    private final Consumer<Problem> report;

    private long sharesCheckedUpTo;
    private long sharesChecked;
    private final Set<String> jobsChecked = new HashSet<>();
    /** "hash status" of each block checked: a block whose status changes is checked again. */
    private final Set<String> blocksChecked = new HashSet<>();
    private final Map<String, String> pendingJobs = new LinkedHashMap<>();
    private final Map<String, PayoutTable> expectedTables = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final Map<String, String> blockNotes = new LinkedHashMap<>();

    /**
     * @param fetchJob asks the pool for one job a share names that is not stored yet
     * @param node     the miner's node, or null
     * @param report   receives each problem once, as found
     */
    Audit(VerifierDb db, PublishedRules rules, Function<String, Optional<PublishedJob>> fetchJob, NodeRpc node,
          Consumer<Problem> report) {
        this.db = db;
        this.rules = rules;
        this.network = Network.byName(rules.network());
        this.versionMask = rules.versionMaskValue();
        this.fetchJob = fetchJob;
        this.node = node;
        this.report = report;
    }

    long sharesChecked() {
        return sharesChecked;
    }

    int jobsChecked() {
        return jobsChecked.size();
    }

    /** Blocks checked at least once (a block is checked again when its status changes). */
    int blocksChecked() {
        return (int) blocksChecked.stream().map(key -> key.substring(0, key.indexOf(' '))).distinct().count();
    }

    /** What the verifier noticed about blocks that is not a charge (an orphaned block), by block hash. */
    Map<String, String> blockNotes() {
        return Map.copyOf(blockNotes);
    }

    /** Jobs not checked yet, with the reason. */
    Map<String, String> pendingJobs() {
        return Map.copyOf(pendingJobs);
    }

    void problem(Problem.Kind kind, String subject, String message) {
        Problem p = new Problem(kind, subject, message);
        if (reported.add(p.toString())) {
            report.accept(p);
        }
    }

    /** Rechecks the proof of work of every share stored since the last call. */
    void checkShares() {
        while (true) {
            List<PublishedShare> page = db.sharesAfter(sharesCheckedUpTo, 1000);
            for (PublishedShare share : page) {
                checkShare(share);
                sharesCheckedUpTo = share.sequence();
                sharesChecked++;
            }
            if (page.size() < 1000) {
                return;
            }
        }
    }

    private void checkShare(PublishedShare share) {
        String subject = Long.toString(share.sequence());
        if (share.jobId() == null) {
            problem(Problem.Kind.SHARE, subject, "names no job");
            return;
        }
        Optional<PublishedJob> job = db.job(share.jobId()).or(() -> fetchJob.apply(share.jobId()));
        if (job.isEmpty()) {
            problem(Problem.Kind.SHARE, subject, "its job " + share.jobId() + " is not published");
            return;
        }
        ShareWork.check(share, job.get(), versionMask)
                .ifPresent(message -> problem(Problem.Kind.SHARE, subject, "(address " + share.address() + ", job "
                        + share.jobId() + ") " + message));
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
                pendingJobs.put(job.jobId(), "its window ends at share " + job.windowEndSequence()
                        + ", beyond the " + lastShare + " shares published so far");
                continue;
            }
            pendingJobs.remove(job.jobId());
            jobsChecked.add(job.jobId());
            checkJobCoinbase(job);
            if (!"pplns".equalsIgnoreCase(rules.scheme())) {
                continue;
            }
            expectedTable(job, blocks).ifPresent(expected -> TableComparison.differences(expected, job)
                    .forEach(d -> problem(Problem.Kind.JOB, job.jobId(), d)));
        }
    }

    private void checkJobCoinbase(PublishedJob job) {
        List<PublishedOutput> outputs;
        try {
            outputs = CoinbasePayments.outputsOf(job);
        } catch (IllegalArgumentException e) {
            problem(Problem.Kind.JOB, job.jobId(), "coinb1 + extranonce + coinb2 is not a transaction: "
                    + e.getMessage());
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
                    ? expectedTable(job.get(), blocks).map(t -> t.outputs().stream().map(PublishedPayout::of).toList())
                            .orElse(job.get().outputs())
                    : job.get().outputs();
            CoinbasePayments.differences(table, block.coinbaseOutputs(), network).forEach(d ->
                    problem(Problem.Kind.BLOCK, block.blockHash(), "(job " + block.jobId() + ", as the pool reports it) "
                            + d));
            BlockStatus status = block.blockStatus();
            if (!status.counts()) {
                blockNotes.put(block.blockHash(), "block " + block.blockHash() + " at height " + block.height()
                        + " is listed as " + status.wire() + ": it paid nobody and moves no credits");
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
                    problem(Problem.Kind.BLOCK, block.blockHash(), "the pool lists it as " + block.status()
                            + " but the miner's node's best chain has " + inChain + " at height " + block.height());
                    return;
                }
            }
            CoinbasePayments.differences(table, node.coinbaseOutputs(block.blockHash()), network).forEach(d ->
                    problem(Problem.Kind.BLOCK, block.blockHash(), "(job " + block.jobId()
                            + ", as the miner's node has it) " + d));
        } catch (VerifyException e) {
            problem(Problem.Kind.BLOCK, block.blockHash(), "the miner's node cannot confirm it: " + e.getMessage());
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
            PayoutTable table = PayoutCalculator.compute(new PayoutInputs(job.coinbaseValue(), window,
                    ledger.credits(), job.finderAddress(), rules.payoutRules(job.maxOutputs())));
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
        return ChainLedger.ledgerBefore(blocks, job.height(), job.prevHash(),
                block -> jobOf(block).map(PublishedJob::prevHash),
                block -> {
                    Optional<PublishedJob> its = jobOf(block);
                    if (its.isEmpty()) {
                        problem(Problem.Kind.BLOCK, block.blockHash(), "its job " + block.jobId()
                                + " is not published, so the credits it settled cannot be replayed");
                        return Optional.empty();
                    }
                    return Optional.of(expectedTable(its.get(), blocks).orElseGet(() -> its.get().payoutTable()));
                });
    }

    private Optional<PublishedJob> jobOf(PublishedBlock block) {
        return block.jobId() == null ? Optional.empty() : db.job(block.jobId());
    }
}
