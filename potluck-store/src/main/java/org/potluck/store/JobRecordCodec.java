package org.potluck.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The payload of a job record in the journal (kind 3); see {@link ShareJournal} for the format description. The frame
 * around it (length, CRC32C) is the share records' one, so the first payload byte tells the two kinds apart.
 */
final class JobRecordCodec {
    static final byte KIND = 3;
    /** Kind, height, created seconds and nanoseconds, and the two string lengths. */
    static final int MIN_PAYLOAD_BYTES = 1 + 4 + 8 + 4 + 4 + 4;
    /**
     * A PPLNS job carries its whole payout table as JSON, tens of KiB on a busy pool; this leaves room for far more and
     * still catches a garbage length field.
     */
    static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

    private JobRecordCodec() {}

    static boolean isJob(byte[] payload) {
        return payload.length > 0 && payload[0] == KIND;
    }

    static boolean plausibleLength(int length) {
        return length >= MIN_PAYLOAD_BYTES && length <= MAX_PAYLOAD_BYTES;
    }

    /**
     * Throws unless the job fits one record; checked where a share is appended, so that the writer thread never meets a
     * job it cannot write. Cheap: the exact size is only computed for a JSON text near the limit.
     *
     * @throws IllegalArgumentException if the job is too large for a record
     */
    static void requireFits(JobRecord job) {
        long bound = MIN_PAYLOAD_BYTES + 3L * (job.jobId().length() + job.json().length()); // UTF-8: at most 3 per char
        if (bound > MAX_PAYLOAD_BYTES && encodedSize(utf8(job.jobId()), utf8(job.json())) > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("job " + job.jobId() + " is more than the journal's limit of "
                    + MAX_PAYLOAD_BYTES + " bytes encoded");
        }
    }

    static byte[] encodePayload(JobRecord job) {
        byte[] id = utf8(job.jobId());
        byte[] json = utf8(job.json());
        ByteBuffer out = ByteBuffer.allocate(encodedSize(id, json));
        out.put(KIND);
        out.putInt(job.height());
        out.putLong(job.created().getEpochSecond());
        out.putInt(job.created().getNano());
        out.putInt(id.length).put(id);
        out.putInt(json.length).put(json);
        return out.array();
    }

    /** @throws IllegalArgumentException if the bytes are not a well-formed job payload */
    static JobRecord decodePayload(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte kind = in.get();
            if (kind != KIND) {
                throw new IllegalArgumentException("not a job record: kind " + kind);
            }
            int height = in.getInt();
            Instant created = Instant.ofEpochSecond(in.getLong(), in.getInt());
            String id = readString(in);
            String json = readString(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the job's JSON");
            }
            return JobRecord.of(id, height, created, json);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("job payload ends inside a field");
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("bad job time: " + e.getMessage());
        }
    }

    private static int encodedSize(byte[] id, byte[] json) {
        long size = (long) MIN_PAYLOAD_BYTES + id.length + json.length;
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string length " + length + " does not fit the job payload");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
