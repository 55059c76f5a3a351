package org.potluck.pool.share;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.potluck.node.NodeUnavailableException;
import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;
import org.potluck.store.AcceptedShare;
import org.potluck.store.JobRecord;
import org.potluck.store.ShareJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a valid share goes: a block candidate to the node first (before anything else can delay or lose it: no
 * journal write, no database write, no listener doing I/O comes between the share and {@code submitblock}), then
 * every share to the journal; the block's bookkeeping follows its submission ({@link PoolListener#blockSubmitted}).
 * The future completes only once the share is on disk, and only then may the miner be told it was accepted.
 *
 * <p>A block no node could take is kept (in memory: a restart loses it, and the log holds its hex) and submitted
 * again each time a node comes back and with a backoff, for up to {@link #RETRY_FOR}, as long as the chain has not
 * moved more than one block past its height: until then it can still win the race.
 */
public final class ShareRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareRecorder.class);
    /** How long an unsubmitted block is retried. */
    public static final Duration RETRY_FOR = Duration.ofMinutes(10);

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    /** How long the report of a found block waits for its share's sequence (the journal write is milliseconds). */
    private static final Duration SEQUENCE_WAIT = Duration.ofSeconds(30);

    private final ShareJournal journal;
    private final Function<String, SubmitResult> node;
    private final LongSupplier tipHeight;
    private final Runnable afterBlock;
    private final PoolListener listener;
    private final ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor();
    /** Wakes blocks waiting to be retried: a node came back, or the recorder is closing. */
    private final Object retrySignal = new Object();

    private long nodeUps;
    private boolean closed;

    /**
     * @param node        submits a block's hex to the node(s) and interprets the answer; throws
     *                    {@link NodeUnavailableException} when no node could be reached
     * @param tipHeight   the height of the node's best chain (throws while the node is unreachable)
     * @param afterBlock  asks for fresh work once a block was submitted (the tip has probably moved)
     */
    public ShareRecorder(
            ShareJournal journal,
            Function<String, SubmitResult> node,
            LongSupplier tipHeight,
            Runnable afterBlock,
            PoolListener listener) {
        this.journal = journal;
        this.node = node;
        this.tipHeight = tipHeight;
        this.afterBlock = afterBlock;
        this.listener = listener;
    }

    /**
     * @param job the share's job, journaled with it (before it, unless the journal holds it already): the share waits
     *            for the disk only, never for the database
     */
    public CompletableFuture<AcceptedShare> record(
            JobRecord job, AcceptedShare share, String blockHex, PoolListener.BlockFound block) {
        CompletableFuture<AcceptedShare> journaled = new CompletableFuture<>();
        if (blockHex != null) {
            // Block first: the node gets it before anything else is done for this share (journal, database,
            // listeners); its sequence is added once the journal has it.
            submitters.execute(() -> submit(blockHex, block, journaled));
        }
        // Whoever reads the shares in order (the PPLNS window, the public stream) follows the journal itself.
        CompletableFuture<AcceptedShare> appended;
        try {
            appended = journal.append(job, share);
        } catch (IllegalArgumentException e) { // a share or job too large for a record: not stored, not credited
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenComplete((stored, error) -> {
            if (error != null) {
                journaled.completeExceptionally(error);
            } else {
                journaled.complete(stored);
            }
        });
        return journaled;
    }

    /** A node is reachable again: blocks waiting for one are submitted now. */
    public void nodeUp() {
        synchronized (retrySignal) {
            nodeUps++;
            retrySignal.notifyAll();
        }
    }

    private void submit(
            String blockHex, PoolListener.BlockFound candidate, CompletableFuture<AcceptedShare> journaled) {
        listener.blockCandidate(candidate);
        SubmitResult result = submitUntilAnswered(blockHex, candidate);
        PoolListener.BlockFound block = candidate.withShareSequence(sequenceOf(journaled, candidate));
        if (result.accepted()) {
            log.info(
                    "BLOCK FOUND at height {}: {} by {} ({}), node says {}",
                    block.height(),
                    block.blockHash(),
                    block.address(),
                    block.worker(),
                    result.outcome());
        } else {
            log.warn(
                    "block candidate {} at height {} by {} was not accepted by the node: {} {}",
                    block.blockHash(),
                    block.height(),
                    block.address(),
                    result.outcome(),
                    result.reason());
        }
        listener.blockFound(block, result);
        afterBlock.run();
    }

    /** Submits until a node answers, retrying while none can be reached (see the class comment for how long). */
    private SubmitResult submitUntilAnswered(String blockHex, PoolListener.BlockFound block) {
        long started = System.nanoTime();
        Duration backoff = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            long upsBefore = nodeUps();
            try {
                if (attempt > 1) {
                    long tip = tipHeight.getAsLong();
                    if (tip > block.height() + 1) {
                        log.warn(
                                "BLOCK {} at height {} is given up after {} attempts: the chain moved on to height {}"
                                        + " while no node could take it",
                                block.blockHash(),
                                block.height(),
                                attempt - 1,
                                tip);
                        return new SubmitResult(
                                SubmitResult.Outcome.REJECTED,
                                "not submitted: no node could be reached" + " before the chain moved on to height "
                                        + tip);
                    }
                }
                SubmitResult result;
                try {
                    result = node.apply(blockHex);
                } finally {
                    if (attempt == 1) {
                        submitted(block);
                    }
                }
                if (attempt > 1) {
                    log.info(
                            "BLOCK {} at height {} submitted on attempt {}, once a node was back: {}",
                            block.blockHash(),
                            block.height(),
                            attempt,
                            result.outcome());
                }
                return result;
            } catch (NodeUnavailableException e) {
                boolean expired = System.nanoTime() - started > RETRY_FOR.toNanos();
                if (attempt == 1) {
                    log.error(
                            "BLOCK {} at height {} could not be submitted: {}. It is retried for up to {} min while"
                                    + " the chain has not moved past it. Block hex follows so it can be submitted by hand:\n{}",
                            block.blockHash(),
                            block.height(),
                            e.getMessage(),
                            RETRY_FOR.toMinutes(),
                            blockHex);
                }
                if (expired || isClosed()) {
                    String why = expired
                            ? "no node could be reached for " + RETRY_FOR.toMinutes() + " min"
                            : "the pool stopped before a node could be reached";
                    log.error(
                            "BLOCK {} at height {} is given up after {} attempts: {}",
                            block.blockHash(),
                            block.height(),
                            attempt,
                            why);
                    return new SubmitResult(SubmitResult.Outcome.REJECTED, "could not reach the node: " + why);
                }
                awaitRetry(upsBefore, backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                log.error(
                        "BLOCK {} at height {} could not be submitted: {}. Block hex follows so it can be submitted by"
                                + " hand:\n{}",
                        block.blockHash(),
                        block.height(),
                        e.toString(),
                        blockHex);
                return new SubmitResult(SubmitResult.Outcome.REJECTED, "could not submit: " + e.getMessage());
            }
        }
    }

    /** The block's first submission is over, answered or not: the bookkeeping that must not delay it runs now. */
    private void submitted(PoolListener.BlockFound block) {
        try {
            listener.blockSubmitted(block);
        } catch (RuntimeException e) {
            log.error("bookkeeping after block {} went to the node failed: {}", block.blockHash(), e.toString());
        }
    }

    private long nodeUps() {
        synchronized (retrySignal) {
            return nodeUps;
        }
    }

    private boolean isClosed() {
        synchronized (retrySignal) {
            return closed;
        }
    }

    /** Waits for the backoff, or less if a node came back since {@code upsBefore} or the recorder is closing. */
    private void awaitRetry(long upsBefore, Duration backoff) {
        long deadline = System.nanoTime() + backoff.toNanos();
        synchronized (retrySignal) {
            try {
                for (long left; !closed && nodeUps == upsBefore && (left = deadline - System.nanoTime()) > 0; ) {
                    TimeUnit.NANOSECONDS.timedWait(retrySignal, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    /** The finding share's sequence once it is journaled; 0 if it could not be (the block is still recorded). */
    private static long sequenceOf(CompletableFuture<AcceptedShare> journaled, PoolListener.BlockFound block) {
        try {
            return journaled.get(SEQUENCE_WAIT.toSeconds(), TimeUnit.SECONDS).sequence();
        } catch (ExecutionException | TimeoutException e) {
            log.error(
                    "the share that found block {} was not journaled ({}): the block is recorded without it",
                    block.blockHash(),
                    e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void close() {
        synchronized (retrySignal) {
            closed = true;
            retrySignal.notifyAll();
        }
        submitters.close();
    }
}
