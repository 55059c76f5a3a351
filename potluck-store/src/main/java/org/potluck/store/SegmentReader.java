package org.potluck.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Reads the records of one segment file in order, through a buffer, and says precisely where and why it stopped.
 * It never treats end-of-file as final: the file may still be growing, so each refill reads the file again.
 */
final class SegmentReader implements Closeable {

    sealed interface Step permits Record, JobEntry, End, Bad {}

    /** A complete share record whose checksum matched; {@code end} is the offset just after it. */
    record Record(AcceptedShare share, long start, long end) implements Step {}

    /** A complete job record whose checksum matched (it has no sequence: it belongs to the share after it). */
    record JobEntry(JobRecord job, long start, long end) implements Step {}

    /** No bytes at all at {@code position}: a clean end. */
    record End(long position) implements Step {}

    /** Bytes at {@code position} that are not a good record: incomplete, bad length, bad checksum, bad layout. */
    record Bad(long position, String reason) implements Step {}

    private final Path file;
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();
    private long bufferFileOffset;

    SegmentReader(Path file) throws IOException {
        this(file, 0);
    }

    /** Reads from {@code offset}, which must be where a record starts (a seek point of the journal). */
    SegmentReader(Path file, long offset) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.bufferFileOffset = offset;
    }

    Path file() {
        return file;
    }

    long position() {
        return bufferFileOffset + buffer.position();
    }

    Step next() throws IOException {
        long start = position();
        if (!fill(1)) {
            return new End(start);
        }
        if (!fill(ShareRecordCodec.FRAME_HEADER_BYTES)) {
            return new Bad(
                    start,
                    "incomplete record header (" + buffer.remaining() + " of " + ShareRecordCodec.FRAME_HEADER_BYTES
                            + " bytes)");
        }
        int length = buffer.getInt(buffer.position());
        int storedCrc = buffer.getInt(buffer.position() + 4);
        if (!ShareRecordCodec.plausibleLength(length) && !JobRecordCodec.plausibleLength(length)) {
            return new Bad(
                    start,
                    "record length " + length + " is outside " + JobRecordCodec.MIN_PAYLOAD_BYTES + ".."
                            + JobRecordCodec.MAX_PAYLOAD_BYTES);
        }
        int frame = ShareRecordCodec.FRAME_HEADER_BYTES + length;
        if (!fill(frame)) {
            return new Bad(start, "incomplete record (" + buffer.remaining() + " of " + frame + " bytes)");
        }
        byte[] payload = new byte[length];
        buffer.get(buffer.position() + ShareRecordCodec.FRAME_HEADER_BYTES, payload);
        if (ShareRecordCodec.checksum(payload) != storedCrc) {
            return new Bad(start, "CRC32C mismatch in a " + frame + "-byte record");
        }
        Step step;
        try {
            // The first payload byte says the kind: a job record, or a share record of a format version.
            step = JobRecordCodec.isJob(payload)
                    ? new JobEntry(JobRecordCodec.decodePayload(payload), start, start + frame)
                    : new Record(ShareRecordCodec.decodePayload(payload), start, start + frame);
        } catch (IllegalArgumentException e) {
            return new Bad(start, "checksum matches but the record does not decode: " + e.getMessage());
        }
        buffer.position(buffer.position() + frame);
        return step;
    }

    /** Makes at least {@code bytes} readable in the buffer if the file has them; false if it does not (yet). */
    private boolean fill(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return true;
        }
        long position = position();
        if (buffer.capacity() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(bytes, buffer.capacity() * 2));
            bigger.put(buffer);
            buffer = bigger;
        } else {
            buffer.compact();
        }
        bufferFileOffset = position;
        while (buffer.position() < bytes) {
            if (channel.read(buffer, bufferFileOffset + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer.remaining() >= bytes;
    }

    /**
     * Looks, byte by byte after {@code from}, for any well-formed share record with a sequence of at least
     * {@code minSequence}. Finding one means the bad bytes at {@code from} are followed by real data: damage, not a
     * torn tail. Job records are not looked for: no miner was ever told anything about a job record alone.
     */
    static OptionalLong findRecordAfter(Path file, long from, long minSequence) throws IOException {
        byte[] tail;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size - from > Integer.MAX_VALUE - 16) {
                throw new IOException("segment " + file + " is too large to inspect: " + size + " bytes");
            }
            ByteBuffer all = ByteBuffer.allocate((int) Math.max(0, size - from));
            while (all.hasRemaining() && channel.read(all, from + all.position()) >= 0) {
                // keep reading
            }
            tail = all.array();
        }
        ByteBuffer view = ByteBuffer.wrap(tail);
        for (int at = 1; at + ShareRecordCodec.FRAME_HEADER_BYTES <= tail.length; at++) {
            int length = view.getInt(at);
            if (!ShareRecordCodec.plausibleLength(length)
                    || at + ShareRecordCodec.FRAME_HEADER_BYTES + (long) length > tail.length) {
                continue;
            }
            byte[] payload = new byte[length];
            view.get(at + ShareRecordCodec.FRAME_HEADER_BYTES, payload);
            if (ShareRecordCodec.checksum(payload) != view.getInt(at + 4)) {
                continue;
            }
            try {
                if (ShareRecordCodec.decodePayload(payload).sequence() >= minSequence) {
                    return OptionalLong.of(from + at);
                }
            } catch (IllegalArgumentException notARecord) {
                // a checksum collision in garbage; keep looking
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
