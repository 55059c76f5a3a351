package org.potluck.pool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.published.BlockStatus;
import org.potluck.accounting.published.ChainLedger;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.core.WorkTemplate;
import org.potluck.node.NodeRpc;
import org.potluck.node.SubmitResult;
import org.potluck.pool.publish.BlockJson;
import org.potluck.pool.publish.JobJson;
import org.potluck.pool.publish.LedgerJson;
import org.potluck.store.BlockRecord;
import org.potluck.store.ShareStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocks the pool found and what became of them: each is re-checked against the node's best chain on every new
 * block until it is {@link BlockStatus#CONFIRMATIONS} deep (in the chain: "in_chain", then "confirmed"; another block
 * at its height: "orphaned"), and the PPLNS credit ledger is replayed from the blocks in the chain each job builds on
 * ({@link ChainLedger}), so that an orphaned block's payments and debts are undone.
 */
final class FoundBlocks {
    private static final Logger log = LoggerFactory.getLogger(FoundBlocks.class);

    private final ShareStore store;
    private final PoolListener listener;
    /** Jobs never change once published: their previous block and payout table are read from the store once. */
    private final Map<String, PublishedJob> jobs = new ConcurrentHashMap<>();

    private List<String> countedHashes = List.of();
    private CreditLedger countedLedger = CreditLedger.empty();
    private boolean replayed;

    /** @param listener told of each status change */
    FoundBlocks(ShareStore store, PoolListener listener) {
        this.store = store;
        this.listener = listener;
    }

    /** Stores a block a node has answered for (accepted: "pending" until the next chain check). */
    synchronized void record(PoolListener.BlockFound block, SubmitResult result) {
        store.insertBlock(new BlockRecord(
                block.height(),
                block.blockHash(),
                block.job().id(),
                block.shareSequence(),
                block.address(),
                result.accepted(),
                Instant.now(),
                BlockJson.of(block, result, block.shareSequence())));
    }

    /**
     * Re-checks every block still open against the best chain that {@code template} builds on: the tip is its
     * previous block, and the node says which block is at each lower height. A node that cannot answer leaves the
     * statuses as they are until the next block.
     */
    synchronized void followChain(WorkTemplate template, NodeRpc node) {
        int tip = template.height() - 1;
        for (BlockRecord block : store.blocks()) {
            BlockStatus status = BlockStatus.parse(block.status(), block.accepted());
            boolean open = status == BlockStatus.PENDING
                    || status == BlockStatus.IN_CHAIN
                    || (status == BlockStatus.ORPHANED && tip - block.height() < BlockStatus.CONFIRMATIONS);
            if (!open || block.height() > tip) {
                continue;
            }
            String inChain;
            try {
                inChain = block.height() == tip ? template.prevHashDisplay() : node.getBlockHash(block.height());
            } catch (RuntimeException e) {
                log.warn(
                        "cannot check found blocks against the chain now ({}); trying again at the next block",
                        e.getMessage());
                return;
            }
            BlockStatus next = !inChain.equalsIgnoreCase(block.blockHash())
                    ? BlockStatus.ORPHANED
                    : tip - block.height() + 1 >= BlockStatus.CONFIRMATIONS
                            ? BlockStatus.CONFIRMED
                            : BlockStatus.IN_CHAIN;
            if (next != status) {
                store.markBlockStatus(block.blockHash(), next.wire());
                listener.blockStatusChanged(block.blockHash(), block.height(), next.wire());
                if (next == BlockStatus.ORPHANED) {
                    log.warn(
                            "block {} at height {} is ORPHANED: the node's best chain has {} at that height",
                            block.blockHash(),
                            block.height(),
                            inChain);
                } else {
                    log.info(
                            "block {} at height {} is {} ({} confirmations)",
                            block.blockHash(),
                            block.height(),
                            next.wire(),
                            tip - block.height() + 1);
                }
            }
        }
    }

    /** Every found block as published, with its current status. */
    List<PublishedBlock> published() {
        List<PublishedBlock> blocks = new ArrayList<>();
        for (BlockRecord r : store.blocks()) {
            PublishedBlock b = JobJson.JSON.readValue(r.json(), PublishedBlock.class);
            // The status and the node's verdict can change after the block was first recorded: the row decides.
            blocks.add(new PublishedBlock(
                    b.height(),
                    b.blockHash(),
                    b.jobId(),
                    b.shareSequence(),
                    b.finderAddress(),
                    r.accepted(),
                    b.coinbaseOutputs(),
                    r.status()));
        }
        return blocks;
    }

    /**
     * The PPLNS ledger for jobs on {@code template}: replayed from the blocks in the chain it builds on. Only the
     * blocks that are new since the last call are applied, unless the counted blocks changed below them (a block was
     * orphaned), which replays from the start. The result is kept in the settings for the operator to read.
     */
    synchronized CreditLedger ledgerFor(WorkTemplate template) {
        List<PublishedBlock> counted = ChainLedger.countedBelow(
                published(), template.height(), template.prevHashDisplay(), b -> job(b).map(PublishedJob::prevHash));
        List<String> hashes = counted.stream().map(PublishedBlock::blockHash).toList();
        if (replayed && hashes.equals(countedHashes)) {
            return countedLedger;
        }
        boolean appends = replayed
                && hashes.size() >= countedHashes.size()
                && hashes.subList(0, countedHashes.size()).equals(countedHashes);
        if (replayed && !appends) {
            log.warn("the blocks the PPLNS ledger counts changed (a block was orphaned or came back): replaying the"
                    + " ledger from the blocks in the chain");
        }
        CreditLedger ledger = appends ? countedLedger : CreditLedger.empty();
        for (PublishedBlock b : counted.subList(appends ? countedHashes.size() : 0, counted.size())) {
            Optional<PayoutTable> table = job(b).map(PublishedJob::payoutTable);
            if (table.isEmpty()) {
                log.error(
                        "block {} at height {}: its job {} is not stored, so the credits it moved cannot be replayed",
                        b.blockHash(),
                        b.height(),
                        b.jobId());
                continue;
            }
            try {
                ledger = ledger.afterBlock(table.get(), b.height());
            } catch (IllegalArgumentException e) {
                log.error(
                        "block {} at height {} cannot be applied to the credit ledger: {}",
                        b.blockHash(),
                        b.height(),
                        e.getMessage());
            }
        }
        replayed = true;
        countedHashes = hashes;
        countedLedger = ledger;
        store.putSetting(
                LedgerJson.KEY,
                LedgerJson.of(ledger, counted.isEmpty() ? 0 : counted.getLast().height()));
        return ledger;
    }

    private Optional<PublishedJob> job(PublishedBlock block) {
        if (block.jobId() == null) {
            return Optional.empty();
        }
        PublishedJob cached = jobs.get(block.jobId());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<PublishedJob> stored =
                store.job(block.jobId()).map(j -> JobJson.JSON.readValue(j.json(), PublishedJob.class));
        stored.ifPresent(j -> jobs.put(block.jobId(), j));
        return stored;
    }
}
