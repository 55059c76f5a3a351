package org.potluck.pool.share;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a valid share goes: a block candidate to the node first (before anything else can delay or lose it), then
 * every share to the journal. The future completes only once the share is on disk, and only then may the miner be
 * told it was accepted.
 */
public final class ShareRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareRecorder.class);

    private final ShareJournal journal;
    private final Consumer<AcceptedShare> onJournaled;
    private final Function<String, SubmitResult> node;
    private final Runnable afterBlock;
    private final PoolListener listener;
    private final ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param node submits a block's hex to the node(s) and interprets the answer
     * @param afterBlock asks for fresh work once a block was submitted (the tip has probably moved)
     * @param onJournaled told of each share once it is on disk with its sequence (the PPLNS window)
     */
    public ShareRecorder(ShareJournal journal, Function<String, SubmitResult> node, Runnable afterBlock, PoolListener listener,
                         Consumer<AcceptedShare> onJournaled) {
        this.onJournaled = onJournaled;
        this.journal = journal;
        this.node = node;
        this.afterBlock = afterBlock;
        this.listener = listener;
    }

    /**
     * @param jobStored completes once the share's job is stored (a share is never journaled before the job it points at)
     */
    public CompletableFuture<AcceptedShare> record(CompletableFuture<Void> jobStored, AcceptedShare share, String blockHex,
                                                   PoolListener.BlockFound block) {
        if (blockHex != null) {
            listener.blockCandidate(block);
            submitters.execute(() -> submit(blockHex, block));
        }
        return jobStored.thenCompose(stored -> journal.append(share)).thenApply(journaled -> {
            onJournaled.accept(journaled);
            return journaled;
        });
    }

    private void submit(String blockHex, PoolListener.BlockFound block) {
        SubmitResult result;
        try {
            result = node.apply(blockHex);
        } catch (RuntimeException e) {
            result = new SubmitResult(SubmitResult.Outcome.REJECTED, "could not reach the node: " + e.getMessage());
            log.error("BLOCK {} at height {} could not be submitted: {}. Block hex follows so it can be submitted by hand:\n{}",
                    block.blockHash(), block.height(), e.getMessage(), blockHex);
        }
        if (result.accepted()) {
            log.info("BLOCK FOUND at height {}: {} by {} ({}), node says {}", block.height(), block.blockHash(),
                    block.address(), block.worker(), result.outcome());
        } else {
            log.warn("block candidate {} at height {} by {} was not accepted by the node: {} {}", block.blockHash(),
                    block.height(), block.address(), result.outcome(), result.reason());
        }
        listener.blockFound(block, result);
        afterBlock.run();
    }

    @Override
    public void close() {
        submitters.close();
    }
}
