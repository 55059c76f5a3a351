package org.potluck.web.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.PplnsWindow;
import org.potluck.accounting.Window;
import org.potluck.accounting.WindowShare;
import org.potluck.accounting.published.BlockProof;
import org.potluck.accounting.published.ChainLedger;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedCredit;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.accounting.published.PublishedWindow;

/** Gathers the payout proof of one found block from the published records. */
final class ProofBuilder {
    private final PublicRecords records;

    ProofBuilder(PublicRecords records) {
        this.records = records;
    }

    BlockProof proof(String blockHash) {
        List<PublishedBlock> blocks = records.blocks();
        PublishedBlock block = blocks.stream()
                .filter(b -> b.blockHash().equalsIgnoreCase(blockHash))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no block " + blockHash + " was found by this pool"));
        PublishedJob job = jobOf(block);
        PublishedRules rules = records.rules();
        BigDecimal windowSize = PplnsWindow.windowSize(rules.windowMultiplier(), job.nbitsValue());
        List<PublishedShare> shares = windowShares(job.windowEndSequence(), windowSize);
        Window window = PplnsWindow.select(
                shares.stream()
                        .map(s -> WindowShare.of(s.sequence(), s.address(), s.difficulty()))
                        .toList(),
                windowSize);
        List<PublishedCredit> credits = creditsBefore(blocks, job).credits().stream()
                .map(PublishedCredit::of)
                .toList();
        return new BlockProof(block, job, rules, credits, windowSize, PublishedWindow.of(window), shares);
    }

    /**
     * The ledger {@code job} started from, replayed from the blocks in the chain it builds on (an orphaned block counts
     * only for a job made on top of it; see ChainLedger) with the tables the pool published: the input the pool
     * claims it used.
     */
    private CreditLedger creditsBefore(List<PublishedBlock> blocks, PublishedJob job) {
        return ChainLedger.ledgerBefore(
                blocks,
                job.height(),
                job.prevHash(),
                b -> b.jobId() == null
                        ? Optional.empty()
                        : records.job(b.jobId()).map(PublishedJob::prevHash),
                b -> Optional.of(jobOf(b).payoutTable()));
    }

    private PublishedJob jobOf(PublishedBlock block) {
        if (block.jobId() == null) {
            throw new ApiException(500, "block " + block.blockHash() + " does not name its job");
        }
        return records.job(block.jobId())
                .orElseThrow(() -> new ApiException(
                        500, "job " + block.jobId() + " of block " + block.blockHash() + " is not published"));
    }

    /** The shares the window walks, newest first: until their weights reach the window size. */
    private List<PublishedShare> windowShares(long endSequence, BigDecimal windowSize) {
        List<PublishedShare> walked = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        long below = endSequence;
        while (below > 0 && sum.compareTo(windowSize) < 0) {
            List<PublishedShare> page = records.sharesDescending(below, ShareFeed.PAGE);
            for (PublishedShare share : page) {
                if (sum.compareTo(windowSize) >= 0) {
                    break;
                }
                walked.add(share);
                sum = sum.add(BigDecimal.valueOf(share.difficulty()));
                below = share.sequence() - 1;
            }
            if (page.size() < ShareFeed.PAGE) {
                break;
            }
        }
        return walked;
    }
}
