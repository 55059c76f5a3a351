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
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash-safe, append-only record of every accepted share. The pool tells a miner "accepted" only once
 * {@link #append} has completed, i.e. once the record is on disk: after {@code kill -9} or a power cut nothing
 * acknowledged is lost, and nothing is counted twice.
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
 * the CRC32C covers the four length bytes and the payload. A share's payload (docs/share-record.md):
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
 * Payloads are 78 bytes to 64 KiB; a length outside that range is damage.
 *
 * <h2>Group commit</h2>
 * One writer thread takes every queued append, numbers them, writes them with one write and one
 * {@code FileChannel.force}, then completes their futures. Many concurrent appends thus share one disk flush.
 * Futures complete on the writer thread: callbacks attached with non-async methods should be short (hand the reply
 * to the connection's event loop) or the writer slows down.
 *
 * <h2>Recovery ({@link #open})</h2>
 * Every segment is read and every record's CRC32C checked, and sequences must run on without gaps. In the last
 * segment, bad bytes that run to the end of the file are a torn tail: the last batch was being written when the
 * process died, was never forced, so none of it was acknowledged. It is cut off with a WARN and numbering continues
 * after the last good record. Anything else (damage in an earlier segment, or bad bytes with a good record after
 * them) may hide acknowledged shares, so {@code open} throws {@link JournalCorruptedException} naming the file and
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
  private static final Pending CLOSE = new Pending(null, null, null);

  private final Path dir;
  private final long segmentBytes;
  private final ChannelOpener opener;
  private final FileChannel lockChannel;
  private final FileLock lock;
  /** First sequence of each segment, to its file. Read by replaying threads, written by the writer. */
  private final NavigableMap<Long, Path> segments = new ConcurrentSkipListMap<>();
  /** First sequences of the segments that follow a recorded gap (see the class comment). */
  private final Set<Long> gapsBefore = new ConcurrentSkipListSet<>();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Object appendLock = new Object();
  private final Object progress = new Object();
  private final Thread writer;

  private volatile long lastSequence;
  private volatile boolean healthy = true;
  private volatile String lastError;
  private boolean closed; // guarded by appendLock

  // Writer-thread state.
  private Path currentFile;
  private FileChannel channel;
  private long durableSize;
  private boolean mustCutBack;
  private ByteBuffer batchBuffer = ByteBuffer.allocateDirect(1024 * 1024);

  private record Pending(AcceptedShare share, byte[] payload, CompletableFuture<AcceptedShare> future) {
  }

  private ShareJournal(Path dir, long segmentBytes, ChannelOpener opener, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.opener = opener;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.writer = Thread.ofPlatform().name("share-journal-writer").daemon(true).unstarted(this::runWriter);
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
      throw new IllegalArgumentException("database last sequence must not be negative, got " + databaseLastSequence);
    }
    Objects.requireNonNull(dir, "journal directory");
    if (segmentBytes < 1024) {
      throw new IllegalArgumentException("segment size must be at least 1024 bytes, got " + segmentBytes);
    }
    PrivateFiles.createDirectories(dir);
    Path lockFile = dir.resolve("journal.lock");
    FileChannel lockChannel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
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
    Objects.requireNonNull(share, "share");
    byte[] payload = ShareRecordCodec.encodePayload(share);
    CompletableFuture<AcceptedShare> future = new CompletableFuture<>();
    synchronized (appendLock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("share journal " + dir + " is closed"));
      }
      queue.add(new Pending(share, payload, future));
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
    Objects.requireNonNull(consumer, "consumer");
    try (JournalReader reader = new JournalReader(this, afterSequence)) {
      reader.read(Integer.MAX_VALUE, consumer);
    }
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
          throw new JournalCorruptedException(file, 0, "segment starts at sequence " + segment.getKey()
              + " but the records before it end at " + (expected - 1));
        }
        // Recorded when the database was found ahead of the journal: those shares are in the database only.
        log.info("Share journal {}: sequences {} to {} are not in this journal (see {})", dir, expected,
            segment.getKey() - 1, gapName(segment.getKey()));
        gapsBefore.add(segment.getKey());
        expected = segment.getKey();
      }
      boolean last = segment.getKey().equals(segments.lastKey());
      goodEnd = 0;
      try (SegmentReader reader = new SegmentReader(file)) {
        scan:
        while (true) {
          switch (reader.next()) {
            case SegmentReader.Record r -> {
              if (r.share().sequence() != expected) {
                throw new JournalCorruptedException(file, r.start(),
                    "expected sequence " + expected + " but found " + r.share().sequence());
              }
              expected++;
              goodEnd = r.end();
            }
            case SegmentReader.End e -> {
              break scan;
            }
            case SegmentReader.Bad b -> {
              if (!last) {
                throw new JournalCorruptedException(file, b.position(), b.reason()
                    + " (in a segment that was complete before the next one was started)");
              }
              OptionalLong after = SegmentReader.findRecordAfter(file, b.position(), expected);
              if (after.isPresent()) {
                throw new JournalCorruptedException(file, b.position(), b.reason()
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
    currentFile = segments.lastEntry().getValue();
    channel = opener.open(currentFile, Set.of(StandardOpenOption.WRITE));
    long size = channel.size();
    if (torn != null || size != goodEnd) {
      log.warn("Share journal {}: cutting a torn tail of {} bytes at offset {} ({}); the last complete record is "
              + "sequence {}, and appends continue at {}", currentFile, size - goodEnd, goodEnd,
          torn == null ? "unknown" : torn.reason(), lastSequence, lastSequence + 1);
      channel.truncate(goodEnd);
      channel.force(true);
    }
    durableSize = goodEnd;
  }

  private record Bad(long position, String reason) {
  }

  /**
   * Continues numbering after {@code databaseLastSequence}: records the gap, then starts a new segment after it.
   * Runs in the opening thread, before the writer thread exists.
   */
  private void skipPast(long databaseLastSequence) throws IOException {
    long first = databaseLastSequence + 1;
    log.warn("Share journal {} ends at sequence {} but the database already holds shares up to {}: the journal lost "
            + "records the database kept (a cut tail, or an older copy of the journal). Appends continue at {} so "
            + "that no sequence is used twice; sequences {} to {} are in the database only (recorded in {})",
        dir, lastSequence, databaseLastSequence, first, lastSequence + 1, databaseLastSequence, gapName(first));
    Path gap = dir.resolve(gapName(first));
    String note = "Sequences " + (lastSequence + 1) + " to " + databaseLastSequence + " are not in this journal: "
        + "when it was opened on " + Instant.now() + " it ended at " + lastSequence
        + " while the database held shares up to " + databaseLastSequence + ". Those shares are in the database "
        + "only. Appends continued at " + first + ".\n";
    try (FileChannel out = FileChannel.open(gap, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
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
        // Group commit: each fdatasync costs tens of microseconds of CPU on the pool's core whatever it carries, so
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
      for (int i = 0; i < batch.size(); i++) {
        Pending pending = batch.get(i);
        int frame = ShareRecordCodec.FRAME_HEADER_BYTES + pending.payload().length;
        long segmentUsed = durableSize + batchBuffer.position();
        if (segmentUsed > 0 && segmentUsed + frame > segmentBytes) {
          writeAndForce();
          complete(batch, firstUnforced, i);
          firstUnforced = i;
          roll(sequence);
        }
        if (batchBuffer.remaining() < frame) {
          growBuffer(frame);
        }
        ShareRecordCodec.putSequence(pending.payload(), sequence);
        batchBuffer.putInt(pending.payload().length);
        batchBuffer.putInt(ShareRecordCodec.checksum(pending.payload()));
        batchBuffer.put(pending.payload());
        sequence++;
      }
      writeAndForce();
      complete(batch, firstUnforced, batch.size());
    } catch (IOException | RuntimeException e) {
      mustCutBack = true;
      healthy = false;
      String message = "share journal write failed on " + currentFile + ": " + e;
      lastError = message;
      log.error("{}; {} shares were not stored and must not be acknowledged", message, batch.size() - firstUnforced);
      IOException failure = new IOException(message, e);
      for (int i = firstUnforced; i < batch.size(); i++) {
        batch.get(i).future().completeExceptionally(failure);
      }
    }
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
    for (int i = from; i < to; i++) {
      Pending pending = batch.get(i);
      pending.future().complete(pending.share().withSequence(first + (i - from)));
    }
    synchronized (progress) {
      progress.notifyAll();
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
    FileChannel previous = channel;
    channel = nextChannel;
    currentFile = next;
    durableSize = 0;
    mustCutBack = false;
    try {
      previous.close();
    } catch (IOException e) {
      log.warn("Could not close finished journal segment", e);
    }
  }

  private void growBuffer(int frame) {
    ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(batchBuffer.capacity() * 2, batchBuffer.position() + frame));
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
