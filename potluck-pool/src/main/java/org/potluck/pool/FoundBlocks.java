package org.potluck.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <h2>Memory first, the database behind</h2>
 * The blocks, their statuses and the jobs they were found on are kept here in memory (read from the database once,
 * when the pool starts), and every change is written to the database afterwards by one writer thread, in the order it
 * happened. So nothing the pool does at a new block (re-checking the blocks, replaying the ledger, then making the
 * miners' work) waits for the database, and a block found while the database is down is counted by the ledger at
 * once and published by the dashboard and the API ({@link #published}). A found block is first kept in a file under the data directory
 * ({@link UnrecordedBlocks}), then stored; while the database refuses, the writer tries again every
 * {@link #RETRY_EVERY} and stores nothing later before it: a block reaches the database before any block found after
 * it. The file is deleted once the database holds the block; a pool that stops first stores the block when it starts
 * again. A status change or ledger not written before a stop is recomputed at the next
 * new block.
 */
final class FoundBlocks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FoundBlocks.class);
    /** While the database refuses writes, how often the writer tries again. */
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final ShareStore store;
    private final PoolListener listener;
    private final UnrecordedBlocks unrecorded;
    /** Jobs never change once published: their previous block and payout table are read from the store once. */
    private final Map<String, PublishedJob> jobs = new ConcurrentHashMap<>();
    /** Every found block as the pool knows it now (the database may lag behind), by hash, in the order found. */
    private final Map<String, BlockRecord> blocks = new LinkedHashMap<>(); // guarded by this

    /** The database writes still to do, oldest first; the head is retried until it succeeds. */
    private final LinkedBlockingDeque<Write> writes = new LinkedBlockingDeque<>();
    /** The newest ledger to keep in the settings: only the last one matters, so they are not queued. */
    private final AtomicReference<String> ledgerToWrite = new AtomicReference<>();

    private final Thread writer;
    private volatile boolean closed;
    /** Why the latest database write failed, null once one succeeds. */
    private volatile String failure;

    private List<String> countedHashes = List.of();
    private CreditLedger countedLedger = CreditLedger.empty();
    private boolean replayed;

    /** One database write of the writer thread. */
    private sealed interface Write {
        /** A found block, kept in its file until the database holds it. */
        record Insert(BlockRecord block) implements Write {}

        /** What became of a block already queued or stored. */
        record Status(String blockHash, String status) implements Write {}
    }

    /**
     * Reads the found blocks from the database and from the files of those it never took (a pool stopped while the
     * database was down), and starts writing the latter.
     *
     * @param unrecordedDir where found blocks wait for the database, under the data directory
     * @param listener      told of each status change
     */
    FoundBlocks(ShareStore store, Path unrecordedDir, PoolListener listener) throws IOException {
        this.store = store;
        this.listener = listener;
        this.unrecorded = new UnrecordedBlocks(unrecordedDir);
        for (BlockRecord stored : store.blocks()) {
            blocks.put(stored.blockHash(), stored);
        }
        for (BlockRecord waiting : unrecorded.all()) {
            log.info(
                    "block {} at height {} was found while the database was down: storing it now",
                    waiting.blockHash(),
                    waiting.height());
            blocks.putIfAbsent(waiting.blockHash(), waiting);
            writes.add(new Write.Insert(waiting));
        }
        // Read now, while the database answers: the ledger replay must not ask it later, at a new block.
        for (BlockRecord block : blocks.values()) {
            cacheJob(block.jobId());
        }
        this.writer = Thread.ofVirtual().name("found-blocks-writer").start(this::runWriter);
    }

    /**
     * Keeps a block a node has answered for (accepted: "pending" until the next chain check): in memory and in its
     * file at once, in the database as soon as it takes writes.
     */
    void record(PoolListener.BlockFound block, SubmitResult result) {
        BlockRecord record = new BlockRecord(
                block.height(),
                block.blockHash(),
                block.job().id(),
                block.shareSequence(),
                block.address(),
                result.accepted(),
                Instant.now(),
                BlockJson.of(block, result, block.shareSequence()));
        jobs.computeIfAbsent(block.job().id(), id -> JobJson.published(block.job()));
        synchronized (this) {
            if (blocks.containsKey(record.blockHash())) {
                return; // the same block reported twice: the first report stands
            }
            try {
                unrecorded.keep(record);
            } catch (UncheckedIOException e) {
                log.error(
                        "block {} at height {} could not be kept under the data directory ({}): it reaches the"
                                + " database only if the pool does not stop before the database takes it",
                        record.blockHash(),
                        record.height(),
                        e.getCause().toString());
            }
            blocks.put(record.blockHash(), record);
            queue(new Write.Insert(record));
        }
    }

    /** Queues a database write behind the ones before it and wakes the writer. */
    private void queue(Write write) {
        writes.add(write);
        LockSupport.unpark(writer);
    }

    /** Why the latest write of a found block failed, null while the database takes them. */
    String failure() {
        return failure;
    }

    /**
     * Re-checks every block still open against the best chain that {@code template} builds on: the tip is its
     * previous block, and the node says which block is at each lower height. A node that cannot answer leaves the
     * statuses as they are until the next block.
     */
    synchronized void followChain(WorkTemplate template, NodeRpc node) {
        int tip = template.height() - 1;
        for (BlockRecord block : List.copyOf(blocks.values())) {
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
                blocks.put(block.blockHash(), block.withStatus(next.wire()));
                queue(new Write.Status(block.blockHash(), next.wire()));
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

    /**
     * Every found block as the API and the dashboard publish it, with its current status. The database's rows decide
     * where it has them (what the operator's database says is what the pool publishes, for any verifier to check);
     * the blocks it does not hold yet are added from memory, and while the database fails (a block write was refused)
     * memory alone answers, so a block found during an outage is published at once.
     */
    List<PublishedBlock> published() {
        Map<String, BlockRecord> all = new LinkedHashMap<>();
        if (failure == null) {
            try {
                store.blocks().forEach(r -> all.put(r.blockHash(), r));
            } catch (RuntimeException e) {
                log.debug("found blocks published from memory: the database cannot be read ({})", e.toString());
            }
        }
        synchronized (this) {
            blocks.values().forEach(r -> all.putIfAbsent(r.blockHash(), r));
        }
        return publishedOf(all.values());
    }

    /** Found blocks as published, in the database's order: by height, then time, then hash. */
    private static List<PublishedBlock> publishedOf(java.util.Collection<BlockRecord> records) {
        List<BlockRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(BlockRecord::height)
                .thenComparing(BlockRecord::time)
                .thenComparing(BlockRecord::blockHash));
        List<PublishedBlock> published = new ArrayList<>();
        for (BlockRecord r : sorted) {
            PublishedBlock b = JobJson.JSON.readValue(r.json(), PublishedBlock.class);
            // The status and the node's verdict can change after the block was first recorded: the record decides.
            published.add(new PublishedBlock(
                    b.height(),
                    b.blockHash(),
                    b.jobId(),
                    b.shareSequence(),
                    b.finderAddress(),
                    r.accepted(),
                    b.coinbaseOutputs(),
                    r.status()));
        }
        return published;
    }

    /**
     * The PPLNS ledger for jobs on {@code template}: replayed from the blocks in the chain it builds on. Only the
     * blocks that are new since the last call are applied, unless the counted blocks changed below them (a block was
     * orphaned), which replays from the start. The result is kept in the settings for the operator to read.
     */
    synchronized CreditLedger ledgerFor(WorkTemplate template) {
        List<PublishedBlock> counted = ChainLedger.countedBelow(
                publishedOf(blocks.values()), // memory only: a new block's work never waits for the database
                template.height(),
                template.prevHashDisplay(),
                b -> job(b).map(PublishedJob::prevHash));
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
        ledgerToWrite.set(
                LedgerJson.of(ledger, counted.isEmpty() ? 0 : counted.getLast().height()));
        LockSupport.unpark(writer);
        return ledger;
    }

    private Optional<PublishedJob> job(PublishedBlock block) {
        return block.jobId() == null ? Optional.empty() : Optional.ofNullable(cacheJob(block.jobId()));
    }

    /** The published job, read from the database if it is not known yet; null if the database has none. */
    private PublishedJob cacheJob(String jobId) {
        if (jobId == null) {
            return null;
        }
        PublishedJob cached = jobs.get(jobId);
        if (cached != null) {
            return cached;
        }
        Optional<PublishedJob> stored = store.job(jobId).map(j -> JobJson.JSON.readValue(j.json(), PublishedJob.class));
        stored.ifPresent(j -> jobs.put(jobId, j));
        return stored.orElse(null);
    }

    // ---- writer thread -----------------------------------------------------------------------------------------

    private void runWriter() {
        while (!closed) {
            Write next = writes.peekFirst();
            String ledger = next == null ? ledgerToWrite.get() : null;
            if (next == null && ledger == null) {
                LockSupport.parkNanos(RETRY_EVERY.toNanos()); // unparked by a new write
                continue;
            }
            try {
                if (next != null) {
                    write(next);
                    writes.pollFirst();
                } else {
                    store.putSetting(LedgerJson.KEY, ledger);
                    ledgerToWrite.compareAndSet(ledger, null);
                }
                if (failure != null) {
                    log.info("found blocks are written to the database again");
                    failure = null;
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    log.error(
                            "a found block's record could not be written to the database: {}. It is kept in memory"
                                    + " and under the data directory, and written once the database takes it; retrying"
                                    + " every {}",
                            e.toString(),
                            RETRY_EVERY);
                }
                failure = "found blocks waiting for the database (" + writes.size() + "): " + e.getMessage();
                LockSupport.parkNanos(RETRY_EVERY.toNanos());
            }
        }
    }

    private void write(Write next) {
        switch (next) {
            case Write.Insert insert -> {
                BlockRecord block = insert.block();
                store.insertBlock(block);
                unrecorded.forget(block.blockHash());
                log.info("block {} at height {} is stored", block.blockHash(), block.height());
            }
            case Write.Status status -> {
                try {
                    store.markBlockStatus(status.blockHash(), status.status());
                } catch (IllegalArgumentException e) {
                    // Not stored: nothing to mark (a database replaced under the pool); retrying would block the rest.
                    log.warn("status of block {} not written: {}", status.blockHash(), e.getMessage());
                }
            }
        }
    }

    /** Stops writing; found blocks the database has not taken stay in their files for the next start. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writes.isEmpty()) {
            log.warn(
                    "{} found-block writes were not done before the pool stopped (the database refused them); their"
                            + " blocks are kept under the data directory and stored at the next start",
                    writes.size());
        }
    }
}
