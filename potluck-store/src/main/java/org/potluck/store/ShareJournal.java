package org.potluck.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash-safe, append-only record of every accepted share and of the jobs they were made on. The pool tells a
 * miner "accepted" only once {@link #append} has completed, i.e. once the record is on disk: after {@code kill -9} or
 * a power cut nothing acknowledged is lost, and nothing is counted twice. No database is involved in that: the
 * {@link JournalCopier} moves shares and jobs into the database afterwards.
 *
 * <h2>Files</h2>
 * The directory holds segment files {@code shares-<first sequence, 20 digits>.journal}, each holding consecutive
 * sequences, and a {@code journal.lock} file locked while the journal is open (so two pools cannot write one journal).
 * A segment is rolled once it reaches the segment size (64 MiB by default); the old one is forced first and the
 * directory is forced after creating the new one, so whole segments before the last are always complete. A future
 * cleanup may delete the oldest segments; replay then starts at the oldest one left.
 *
 * <h2>Record format</h2>
 * Each record, big-endian: {@code u32 length | u32 crc32c | payload}, where {@code length} counts payload bytes and
 * the CRC32C covers the four length bytes and the payload. The first payload byte says what the record is: 1 or 2 is
 * a share (its format, docs/share-record.md), 3 is a job. A share record:
 * <pre>
 *   u8  format (2; 1 in journals written before format 2, still read)
 *   i64 sequence
 *   i64 time epoch seconds, i32 nanoseconds
 *   f64 difficulty, f64 hashDifficulty      (raw IEEE-754 bits: every value comes back bit for bit)
 *   u8  flags                                (bit 0: block)
 *   strings, each i32 byte length (-1 for null) then UTF-8 bytes: address, worker, userAgent, jobId, blockHash, then
 *     format 2: protocol, channel; then i32 length and the extranonce bytes; then u32 version, ntime, nonce
 *     format 1: extranonce1, extranonce2, ntime, nonce, versionBits
 * </pre>
 * Share payloads are 78 bytes to 64 KiB. A job record:
 * <pre>
 *   u8  kind (3)
 *   i32 height
 *   i64 created epoch seconds, i32 nanoseconds
 *   2 strings: job id, the job's published JSON (each i32 byte length then UTF-8 bytes)
 * </pre>
 * Job payloads are 25 bytes to 4 MiB. A length outside 25 bytes to 4 MiB is damage.
 *
 * <h2>Job records</h2>
 * Only shares are numbered (1, 2, 3...: a share's sequence is its public cursor); a job record has no sequence and
 * belongs to the share that follows it. {@link #append(JobRecord, AcceptedShare)} writes the job's record just before
 * the share, in the same batch and so under the same force, unless the current segment already holds a record of
 * that job: every share's job is thus in the share's own segment, before it, whatever later segments are read or
 * cleaned up. The writer remembers the jobs of the current segment (re-read from the last segment on open), and only
 * those of the highest block height it has seen: a late share on an older block's job writes its job again, which
 * costs a record and nothing else (the database skips a job id it holds). A reader that starts after sequence
 * {@code n} gets the job records after share {@code n}; their order, jobs before their shares, is what lets the copier
 * put a job in the database before any share on it. A job record at the very end, with no share after it (a batch
 * torn after it), is kept: it was never acknowledged to anyone and harms nothing.
 *
 * <p>The change is one way: a journal of version 1 share records only (written before job records existed) opens and
 * replays as before, but a journal holding job records is refused, as damaged, by versions that predate them.
 *
 * <h2>Group commit</h2>
 * One writer thread takes every queued append, numbers them, writes them with one write and one
 * {@code FileChannel.force}, then completes their futures. Many concurrent appends thus share one disk flush.
 * Futures complete on the writer thread: callbacks attached with non-async methods should be short (hand the reply
 * to the connection's event loop) or the writer slows down.
 *
 * <h2>The ordered share stream ({@link #follow})</h2>
 * The journal's sequence is the one order of the shares. Whoever reads them (the PPLNS window, the public share
 * stream, later consumers) follows it through a {@link ShareLogCursor}: after each forced batch and after its futures
 * completed, the writer hands the numbered batch, as one shared read-only list, to every cursor (an append under the
 * cursor's own monitor); a reader that starts late or falls behind reads the files from its place instead. Readers
 * thus never see shares out of order, twice, or with a hole, and never slow the writer down beyond that hand-off.
 *
 * <h2>Recovery ({@link #open})</h2>
 * Every segment is read and every record's CRC32C checked, and sequences must run on without gaps. In the last
 * segment, bad bytes that run to the end of the file are a torn tail: the last batch was being written when the
 * process died, was never forced, so none of it was acknowledged. It is cut off with a WARN and numbering continues
 * after the last good record. Anything else (damage in an earlier segment, or bad bytes with a good share record
 * after them) may hide acknowledged shares, so {@code open} throws {@link JournalCorruptedException} naming the file and
 * offset instead of guessing. {@link #replay} checks every CRC again and stops with the same exception at damage
 * that appeared after opening, having delivered every record before it.
 *
 * <h2>When the database is ahead ({@link #open(Path, long)})</h2>
 * The database the journal is copied into may hold sequences the journal no longer has: its tail was cut, or the
 * journal directory was restored from an older copy or replaced. Numbering on after the journal's own last record
 * would hand those sequences out a second time, to other shares, and the database would hold the old ones. So the
 * pool passes the database's last sequence when opening, and if it is higher the journal continues after it, with a
 * WARN: it writes {@code gap-<first sequence after the gap, 20 digits>.txt} saying which sequences are missing and
 * why, then starts a new segment at the first sequence after the gap. Recovery accepts a gap between segments only
 * where such a file names it; replay passes over it. The copier then resumes at the database's last sequence, which
 * is exactly where the new segment starts, so nothing is copied twice or missed. The skipped shares live in the
 * database only: an audit of the journal alone must take them from there.
 *
 * <h2>When the disk fails</h2>
 * If a write or force fails (disk full, I/O error), every append of that batch completes exceptionally with an
 * {@link IOException} naming the segment file, the caller must not tell the miner "accepted", {@link #healthy()}
 * turns false and {@link #lastError()} says why. Their sequences are not used up. The next batch first cuts the
 * segment back to its last forced length, then writes again; when it succeeds the journal is healthy again, so the
 * pool recovers by itself once space returns. (If the OS wrote a failed batch anyway and the machine crashes before
 * the next good batch, those unacknowledged shares may appear after recovery: a failed append is "not known to be
 * stored", never "known not to be stored".)
 */
public final class ShareJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShareJournal.class);

    static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final Pattern SEGMENT_NAME = Pattern.compile("shares-(\\d{20})\\.journal");
    private static final String GAP_NAME = "gap-%020d.txt";
    private static final int MAX_BATCH_RECORDS = 16_384;
    /** Added to a busy pool's accept latency, against one fsync per share or two (see runWriter). */
    private static final long GROUP_COMMIT_WAIT_NANOS = 500_000;

    private static final Pending CLOSE = new Pending(null, null, null, null);
    /** Bytes between two seek points: a reader starting at any sequence decodes at most about this much to reach it. */
    static final long SEEK_SPACING_BYTES = 1024 * 1024;

    private final Path dir;
    private final long segmentBytes;
    private final ChannelOpener opener;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** First sequence of each segment, to its file. Read by replaying threads, written by the writer. */
    private final NavigableMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    /** First sequences of the segments that follow a recorded gap (see the class comment). */
    private final Set<Long> gapsBefore = new ConcurrentSkipListSet<>();
    /**
     * Where durable records start inside their segment: first sequence of a forced stretch to its byte offset, about
     * every {@link #SEEK_SPACING_BYTES}, so that a follower starting in the middle of a segment (the public stream's
     * switch from the database to the journal, near its end) does not decode the whole segment. One entry per MiB.
     */
    private final NavigableMap<Long, Long> seekPoints = new ConcurrentSkipListMap<>();

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object appendLock = new Object();
    private final Object progress = new Object();
    private final Thread writer;
    /** The readers of the ordered share stream ({@link #follow}), handed each durable batch by the writer. */
    private final List<ShareLogCursor> followers = new CopyOnWriteArrayList<>();

    private volatile long lastSequence;
    private volatile boolean healthy = true;
    private volatile String lastError;
    private boolean closed; // guarded by appendLock

    // Writer-thread state.
    private Path currentFile;
    private FileChannel channel;
    private long durableSize;
    private long lastSeekOffset;
    private boolean mustCutBack;
    private ByteBuffer batchBuffer = ByteBuffer.allocateDirect(1024 * 1024);
    /** The jobs whose record is in the current segment, by id, to their height (see "Job records"). */
    private final Map<String, Integer> journaledJobs = new HashMap<>();
    /** Jobs added to {@link #journaledJobs} whose record is not forced yet: forgotten again if the write fails. */
    private final List<String> jobsSinceForce = new ArrayList<>();

    private int journaledJobsHeight = Integer.MIN_VALUE;

    /** @param job the share's job, written before the share unless the segment already has it; null for none */
    private record Pending(
            JobRecord job, AcceptedShare share, byte[] payload, CompletableFuture<AcceptedShare> future) {}

    private ShareJournal(Path dir, long segmentBytes, ChannelOpener opener, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.opener = opener;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writer =
                Thread.ofPlatform().name("share-journal-writer").daemon(true).unstarted(this::runWriter);
    }

    /** Opens (creating if needed) the journal in {@code dir}, recovering from a crash; see the class comment. */
    public static ShareJournal open(Path dir) throws IOException {
        return open(dir, 0);
    }

    /**
     * Opens the journal as {@link #open(Path)} does, then makes sure no sequence up to {@code databaseLastSequence} is
     * handed out again: if the database copied from this journal holds more than the journal (see the class comment),
     * numbering continues after the database's last sequence and the gap is recorded.
     */
    public static ShareJournal open(Path dir, long databaseLastSequence) throws IOException {
        return open(dir, DEFAULT_SEGMENT_BYTES, ChannelOpener.FILES, databaseLastSequence);
    }

    static ShareJournal open(Path dir, long segmentBytes, ChannelOpener opener) throws IOException {
        return open(dir, segmentBytes, opener, 0);
    }

    static ShareJournal open(Path dir, long segmentBytes, ChannelOpener opener, long databaseLastSequence)
            throws IOException {
        if (databaseLastSequence < 0) {
            throw new IllegalArgumentException(
                    "database last sequence must not be negative, got " + databaseLastSequence);
        }
        Objects.requireNonNull(dir, "journal directory");
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segment size must be at least 1024 bytes, got " + segmentBytes);
        }
        PrivateFiles.createDirectories(dir);
        Path lockFile = dir.resolve("journal.lock");
        FileChannel lockChannel = FileChannel.open(
                lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PrivateFiles.fileAttributes(lockFile));
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("share journal " + dir + " is already open (" + lockFile + " is locked)");
        }
        ShareJournal journal = new ShareJournal(dir, segmentBytes, opener, lockChannel, lock);
        try {
            journal.recover();
            if (databaseLastSequence > journal.lastSequence) {
                journal.skipPast(databaseLastSequence);
            }
        } catch (IOException | RuntimeException e) {
            journal.releaseLock();
            throw e;
        }
        journal.writer.start();
        return journal;
    }

    /**
     * Queues the share; the future completes with the numbered share once it is on disk, or exceptionally (with an
     * {@link IOException} naming the file) if it could not be made durable. Never tell a miner "accepted" before.
     *
     * @throws IllegalArgumentException if the share cannot be encoded (a field longer than the record limit)
     */
    public CompletableFuture<AcceptedShare> append(AcceptedShare share) {
        return append(null, share);
    }

    /**
     * Queues the share as {@link #append(AcceptedShare)} does, after the record of its job unless the journal holds
     * that already (see "Job records" in the class comment): in the same batch, made durable by the same force.
     *
     * @param job the job the share was made on; null if the caller keeps jobs elsewhere
     * @throws IllegalArgumentException if the share or the job cannot be encoded (longer than the record limits)
     */
    public CompletableFuture<AcceptedShare> append(JobRecord job, AcceptedShare share) {
        Objects.requireNonNull(share, "share");
        byte[] payload = ShareRecordCodec.encodePayload(share);
        if (job != null) {
            if (!job.jobId().equals(share.jobId())) {
                throw new IllegalArgumentException(
                        "share names job " + share.jobId() + " but was given job " + job.jobId());
            }
            JobRecordCodec.requireFits(job);
        }
        CompletableFuture<AcceptedShare> future = new CompletableFuture<>();
        synchronized (appendLock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("share journal " + dir + " is closed"));
            }
            queue.add(new Pending(job, share, payload, future));
        }
        return future;
    }

    /**
     * The sequence of the last durable record, 0 if there is none; right after an open that skipped past the database's
     * last sequence, that sequence (see the class comment).
     */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * Delivers, in order, every durable record with a sequence above {@code afterSequence} (up to the last durable
     * one when the call starts).
     *
     * @throws JournalCorruptedException at damaged bytes, after delivering every record before them
     */
    public void replay(long afterSequence, Consumer<AcceptedShare> consumer) throws IOException {
        replay(afterSequence, job -> {}, consumer);
    }

    /**
     * Delivers, in journal order, the records {@link #replay(long, Consumer)} delivers, each share's job record (where
     * the journal has one) before the share.
     */
    public void replay(long afterSequence, Consumer<JobRecord> jobs, Consumer<AcceptedShare> shares)
            throws IOException {
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(shares, "shares");
        try (JournalReader reader = new JournalReader(this, afterSequence)) {
            reader.read(Integer.MAX_VALUE, jobs, shares);
        }
    }

    /**
     * Follows the ordered share stream from just after {@code afterSequence}: the journal's files first, then each batch
     * as the writer makes it durable, every share exactly once and in sequence order (see {@link ShareLogCursor}). The
     * writer never waits for a follower: one that falls more than {@code capacity} shares behind reads the files again.
     * The order is the journal's sequence order, the one order every reader of the shares (the PPLNS window, the public
     * stream, the database copy) sees.
     *
     * @param capacity the most shares waiting for this follower in memory
     */
    public ShareLogCursor follow(long afterSequence, int capacity) {
        ShareLogCursor cursor = new ShareLogCursor(this, afterSequence, capacity);
        synchronized (appendLock) {
            if (closed) {
                cursor.journalClosed();
            } else {
                followers.add(cursor);
            }
        }
        return cursor;
    }

    void unfollow(ShareLogCursor cursor) {
        followers.remove(cursor);
    }

    /**
     * Waits until a record above {@code sequence} is durable, the timeout passes, or the journal closes.
     *
     * @return whether {@link #lastSequence()} is now above {@code sequence}
     */
    public boolean awaitSequenceAbove(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (lastSequence <= sequence && writer.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return lastSequence > sequence;
    }

    /** False after a failed write, until a later write succeeds. */
    public boolean healthy() {
        return healthy;
    }

    /** The most recent write failure, kept for diagnosis after recovery too; null if none happened. */
    public String lastError() {
        return lastError;
    }

    public Path directory() {
        return dir;
    }

    /** Writes and forces every append queued before this call, then closes the files. */
    @Override
    public void close() {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(CLOSE);
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    NavigableMap<Long, Path> segments() {
        return segments;
    }

    /** The seek point at or before {@code sequence}: its first sequence and byte offset (see {@link #seekPoints}). */
    Map.Entry<Long, Long> seekPointAtOrBefore(long sequence) {
        return seekPoints.floorEntry(sequence);
    }

    static String segmentName(long firstSequence) {
        return "shares-%020d.journal".formatted(firstSequence);
    }

    static String gapName(long firstSequenceAfterGap) {
        return GAP_NAME.formatted(firstSequenceAfterGap);
    }

    /** Whether the segment starting at {@code segmentFirst} follows a recorded gap (the reader passes over it). */
    boolean followsGap(long segmentFirst) {
        return gapsBefore.contains(segmentFirst);
    }

    // ---- recovery ----------------------------------------------------------------------------------------------

    private void recover() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "shares-*.journal")) {
            for (Path file : files) {
                Matcher m = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    segments.put(Long.parseLong(m.group(1)), file);
                } else {
                    log.warn("Ignoring {}: not a share journal segment name", file);
                }
            }
        }
        if (segments.isEmpty()) {
            Path first = dir.resolve(segmentName(1));
            channel = opener.open(first, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            forceDirectory();
            segments.put(1L, first);
            currentFile = first;
            return;
        }
        long expected = segments.firstKey();
        long goodEnd = 0;
        Bad torn = null;
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            Path file = segment.getValue();
            if (segment.getKey() != expected) {
                if (segment.getKey() < expected || !Files.exists(dir.resolve(gapName(segment.getKey())))) {
                    throw new JournalCorruptedException(
                            file,
                            0,
                            "segment starts at sequence " + segment.getKey() + " but the records before it end at "
                                    + (expected - 1));
                }
                // Recorded when the database was found ahead of the journal: those shares are in the database only.
                log.info(
                        "Share journal {}: sequences {} to {} are not in this journal (see {})",
                        dir,
                        expected,
                        segment.getKey() - 1,
                        gapName(segment.getKey()));
                gapsBefore.add(segment.getKey());
                expected = segment.getKey();
            }
            boolean last = segment.getKey().equals(segments.lastKey());
            goodEnd = 0;
            long seekOffset = 0;
            try (SegmentReader reader = new SegmentReader(file)) {
                scan:
                while (true) {
                    switch (reader.next()) {
                        case SegmentReader.Record r -> {
                            if (r.share().sequence() != expected) {
                                throw new JournalCorruptedException(
                                        file,
                                        r.start(),
                                        "expected sequence " + expected + " but found "
                                                + r.share().sequence());
                            }
                            if (r.start() - seekOffset >= SEEK_SPACING_BYTES) {
                                seekPoints.put(expected, r.start());
                                seekOffset = r.start();
                            }
                            expected++;
                            goodEnd = r.end();
                        }
                        case SegmentReader.JobEntry j -> {
                            if (last) {
                                // Appends go on in this segment: a share on this job needs no second record of it.
                                noteJournaled(j.job());
                            }
                            goodEnd = j.end();
                        }
                        case SegmentReader.End e -> {
                            break scan;
                        }
                        case SegmentReader.Bad b -> {
                            if (!last) {
                                throw new JournalCorruptedException(
                                        file,
                                        b.position(),
                                        b.reason()
                                                + " (in a segment that was complete before the next one was started)");
                            }
                            OptionalLong after = SegmentReader.findRecordAfter(file, b.position(), expected);
                            if (after.isPresent()) {
                                throw new JournalCorruptedException(
                                        file,
                                        b.position(),
                                        b.reason()
                                                + "; a good record follows at offset " + after.getAsLong()
                                                + ", so this is damage to stored records, not a torn tail");
                            }
                            torn = new Bad(b.position(), b.reason());
                            break scan;
                        }
                    }
                }
            }
        }
        lastSequence = expected - 1;
        jobsSinceForce.clear(); // what recovery read is on disk
        currentFile = segments.lastEntry().getValue();
        channel = opener.open(currentFile, Set.of(StandardOpenOption.WRITE));
        long size = channel.size();
        if (torn != null || size != goodEnd) {
            log.warn(
                    "Share journal {}: cutting a torn tail of {} bytes at offset {} ({}); the last complete record is "
                            + "sequence {}, and appends continue at {}",
                    currentFile,
                    size - goodEnd,
                    goodEnd,
                    torn == null ? "unknown" : torn.reason(),
                    lastSequence,
                    lastSequence + 1);
            channel.truncate(goodEnd);
            channel.force(true);
        }
        durableSize = goodEnd;
        Map.Entry<Long, Long> lastSeek = seekPoints.lastEntry();
        lastSeekOffset = lastSeek != null && lastSeek.getKey() >= segments.lastKey() ? lastSeek.getValue() : 0;
    }

    private record Bad(long position, String reason) {}

    /**
     * Continues numbering after {@code databaseLastSequence}: records the gap, then starts a new segment after it.
     * Runs in the opening thread, before the writer thread exists.
     */
    private void skipPast(long databaseLastSequence) throws IOException {
        long first = databaseLastSequence + 1;
        log.warn(
                "Share journal {} ends at sequence {} but the database already holds shares up to {}: the journal lost "
                        + "records the database kept (a cut tail, or an older copy of the journal). Appends continue at {} so "
                        + "that no sequence is used twice; sequences {} to {} are in the database only (recorded in {})",
                dir,
                lastSequence,
                databaseLastSequence,
                first,
                lastSequence + 1,
                databaseLastSequence,
                gapName(first));
        Path gap = dir.resolve(gapName(first));
        String note = "Sequences " + (lastSequence + 1) + " to " + databaseLastSequence + " are not in this journal: "
                + "when it was opened on " + Instant.now() + " it ended at " + lastSequence
                + " while the database held shares up to " + databaseLastSequence
                + ". Those shares are in the database "
                + "only. Appends continued at " + first + ".\n";
        try (FileChannel out = FileChannel.open(
                gap, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        // The gap file must be durable before the segment after the gap exists, or recovery would refuse the gap.
        forceDirectory();
        roll(first);
        gapsBefore.add(first);
        lastSequence = databaseLastSequence;
    }

    // ---- writer thread -----------------------------------------------------------------------------------------

    private void runWriter() {
        List<Pending> batch = new ArrayList<>();
        boolean closing = false;
        boolean busy = false;
        while (!closing) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, so no queued append is left behind
            }
            if (busy) {
                // Group commit: each fdatasync costs tens of microseconds of CPU on the pool's core whatever it
                // carries, so
                // when shares are arriving together, wait a moment for more. A lone share is written at once.
                LockSupport.parkNanos(GROUP_COMMIT_WAIT_NANOS);
            }
            queue.drainTo(batch, MAX_BATCH_RECORDS - 1);
            busy = batch.size() > 1;
            if (batch.getLast() == CLOSE) {
                batch.removeLast();
                closing = true;
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            batch.clear();
        }
        shutdownFiles();
    }

    private void writeBatch(List<Pending> batch) {
        int firstUnforced = 0;
        try {
            if (mustCutBack) {
                channel.truncate(durableSize); // drop what a failed batch may have left behind
                mustCutBack = false;
            }
            batchBuffer.clear();
            long sequence = lastSequence + 1;
            long stretchFirst = sequence;
            long stretchOffset = durableSize;
            for (int i = 0; i < batch.size(); i++) {
                Pending pending = batch.get(i);
                byte[] jobPayload = needsJobRecord(pending.job()) ? JobRecordCodec.encodePayload(pending.job()) : null;
                int frame = ShareRecordCodec.FRAME_HEADER_BYTES
                        + pending.payload().length
                        + (jobPayload == null ? 0 : ShareRecordCodec.FRAME_HEADER_BYTES + jobPayload.length);
                long segmentUsed = durableSize + batchBuffer.position();
                if (segmentUsed > 0 && segmentUsed + frame > segmentBytes) {
                    writeAndForce();
                    noteSeekPoint(stretchFirst, stretchOffset);
                    complete(batch, firstUnforced, i);
                    firstUnforced = i;
                    roll(sequence);
                    stretchFirst = sequence;
                    stretchOffset = 0;
                    // The new segment holds its shares' jobs itself, so the job record is written again in it.
                    jobPayload = pending.job() == null ? null : JobRecordCodec.encodePayload(pending.job());
                    frame = ShareRecordCodec.FRAME_HEADER_BYTES
                            + pending.payload().length
                            + (jobPayload == null ? 0 : ShareRecordCodec.FRAME_HEADER_BYTES + jobPayload.length);
                }
                if (batchBuffer.remaining() < frame) {
                    growBuffer(frame);
                }
                if (jobPayload != null) {
                    putFrame(jobPayload);
                    noteJournaled(pending.job());
                }
                ShareRecordCodec.putSequence(pending.payload(), sequence);
                putFrame(pending.payload());
                sequence++;
            }
            writeAndForce();
            noteSeekPoint(stretchFirst, stretchOffset);
            complete(batch, firstUnforced, batch.size());
        } catch (IOException | RuntimeException e) {
            // The failed part of the batch is cut back before the next write: its job records are gone with it.
            jobsSinceForce.forEach(journaledJobs::remove);
            jobsSinceForce.clear();
            mustCutBack = true;
            healthy = false;
            String message = "share journal write failed on " + currentFile + ": " + e;
            lastError = message;
            log.error(
                    "{}; {} shares were not stored and must not be acknowledged",
                    message,
                    batch.size() - firstUnforced);
            IOException failure = new IOException(message, e);
            for (int i = firstUnforced; i < batch.size(); i++) {
                batch.get(i).future().completeExceptionally(failure);
            }
        }
    }

    private void putFrame(byte[] payload) {
        batchBuffer.putInt(payload.length);
        batchBuffer.putInt(ShareRecordCodec.checksum(payload));
        batchBuffer.put(payload);
    }

    /** Whether a share on {@code job} must be preceded by its record: the current segment does not hold one yet. */
    private boolean needsJobRecord(JobRecord job) {
        return job != null && !journaledJobs.containsKey(job.jobId());
    }

    /**
     * Remembers that the current segment holds the job's record. Bounded as the pool's job archive is: the first job of
     * a higher block forgets the jobs of lower ones (a late share on one of them only writes its job again).
     */
    private void noteJournaled(JobRecord job) {
        if (job.height() > journaledJobsHeight) {
            journaledJobsHeight = job.height();
            journaledJobs.values().removeIf(height -> height < job.height());
        }
        journaledJobs.put(job.jobId(), job.height());
        jobsSinceForce.add(job.jobId());
    }

    /** Writes the batch buffer at the durable end of the current segment and forces it. */
    private void writeAndForce() throws IOException {
        batchBuffer.flip();
        long position = durableSize;
        while (batchBuffer.hasRemaining()) {
            position += channel.write(batchBuffer, position);
        }
        // force(false) is fdatasync: it still flushes the file length, which is what recovery needs.
        channel.force(false);
        durableSize = position;
        batchBuffer.clear();
        jobsSinceForce.clear();
    }

    /** Remembers where a forced stretch of records starts, if the last seek point is far enough behind. */
    private void noteSeekPoint(long firstSequence, long offset) {
        if (offset - lastSeekOffset >= SEEK_SPACING_BYTES) {
            seekPoints.put(firstSequence, offset);
            lastSeekOffset = offset;
        }
    }

    private void complete(List<Pending> batch, int from, int to) {
        if (from == to) {
            return;
        }
        if (!healthy) {
            log.info("Share journal {} is writable again", currentFile);
            healthy = true; // before completing: whoever sees a stored share must also see a healthy journal
        }
        long first = lastSequence + 1;
        lastSequence = first + (to - from) - 1;
        List<AcceptedShare> numbered = followers.isEmpty() ? null : new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Pending pending = batch.get(i);
            AcceptedShare stored = pending.share().withSequence(first + (i - from));
            if (numbered != null) {
                numbered.add(stored);
            }
            pending.future().complete(stored);
        }
        if (numbered != null) {
            handToFollowers(Collections.unmodifiableList(numbered));
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** One list for every follower, each taking it under its own monitor only: a slow follower never holds the writer. */
    private void handToFollowers(List<AcceptedShare> numbered) {
        for (ShareLogCursor follower : followers) {
            follower.offer(numbered);
        }
    }

    private void roll(long firstSequence) throws IOException {
        Path next = dir.resolve(segmentName(firstSequence));
        // A file of this name can only be left by an earlier roll that failed before any record in it was durable.
        FileChannel nextChannel = opener.open(next, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        try {
            nextChannel.truncate(0);
            forceDirectory();
        } catch (IOException | RuntimeException e) {
            nextChannel.close();
            throw e;
        }
        segments.put(firstSequence, next);
        journaledJobs.clear();
        jobsSinceForce.clear();
        journaledJobsHeight = Integer.MIN_VALUE;
        FileChannel previous = channel;
        channel = nextChannel;
        currentFile = next;
        durableSize = 0;
        lastSeekOffset = 0;
        mustCutBack = false;
        try {
            previous.close();
        } catch (IOException e) {
            log.warn("Could not close finished journal segment", e);
        }
    }

    private void growBuffer(int frame) {
        ByteBuffer bigger =
                ByteBuffer.allocateDirect(Math.max(batchBuffer.capacity() * 2, batchBuffer.position() + frame));
        batchBuffer.flip();
        bigger.put(batchBuffer);
        batchBuffer = bigger;
    }

    private void forceDirectory() throws IOException {
        // Makes a new segment's directory entry durable; Linux allows fsync on a directory opened for reading.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void shutdownFiles() {
        try {
            if (mustCutBack) {
                channel.truncate(durableSize);
                channel.force(false);
            }
        } catch (IOException e) {
            log.warn("Could not cut back {} on close; recovery will do it on the next open", currentFile, e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Could not close {}", currentFile, e);
        }
        releaseLock();
        synchronized (progress) {
            progress.notifyAll();
        }
        // close() set closed before queueing CLOSE, so no follower is added after this.
        for (ShareLogCursor follower : followers) {
            follower.journalClosed();
        }
    }

    private void releaseLock() {
        try {
            if (channel != null && channel.isOpen() && !writer.isAlive()) {
                channel.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("Could not release the lock of share journal {}", dir, e);
        }
    }
}
