package org.potluck.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The byte layout of one journal record; see {@link ShareJournal} for the format description.
 * Big-endian throughout (ByteBuffer's default).
 */
final class ShareRecordCodec {
    /** Payload byte 0 of a share written before format 2; still read, no longer written. */
    static final byte SHARE_FORMAT_1 = ShareProof.Sv1Strings.FORMAT;
    /** Payload byte 0 of a share in the protocol-neutral format 2, the one written now. */
    static final byte SHARE_FORMAT_2 = ShareProof.HeaderFields.FORMAT;

    static final int FRAME_HEADER_BYTES = 8;
    /** Where the sequence sits inside the payload, so the writer can number a record encoded earlier. */
    static final int SEQUENCE_OFFSET = 1;
    /** Format byte, sequence, time, two difficulties, flags: the same in both share formats. */
    private static final int COMMON_BYTES = 1 + 8 + 8 + 4 + 8 + 8 + 1;
    /** Format 1's strings: address, worker, userAgent, jobId, blockHash, then the five Stratum v1 strings. */
    private static final int FORMAT_1_STRINGS = 10;
    /** Format 2's strings: address, worker, userAgent, jobId, blockHash, protocol, channel. */
    private static final int FORMAT_2_STRINGS = 7;
    /** The smallest payload of any format (format 1 with every string null): shorter is damage. */
    static final int MIN_PAYLOAD_BYTES = COMMON_BYTES + FORMAT_1_STRINGS * 4;
    /** Format 2 with every string null and no extranonce: the strings, the extranonce length, three u32. */
    private static final int MIN_FORMAT_2_BYTES = COMMON_BYTES + FORMAT_2_STRINGS * 4 + 4 + 3 * 4;
    /** Real shares are a few hundred bytes; anything near this is a bug or a garbage length field. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final int NULL_STRING = -1;
    private static final int FLAG_BLOCK = 1;
    private static final HexFormat HEX = HexFormat.of();

    private ShareRecordCodec() {}

    static byte[] encodePayload(AcceptedShare share) {
        return switch (share.proof()) {
            case ShareProof.HeaderFields h -> encodeFormat2(share, h);
            case ShareProof.Sv1Strings v -> encodeFormat1(share, v);
        };
    }

    private static byte[] encodeFormat2(AcceptedShare share, ShareProof.HeaderFields proof) {
        byte[][] strings = {
            utf8(share.address()),
            utf8(share.worker()),
            utf8(share.userAgent()),
            utf8(share.jobId()),
            utf8(share.blockHash()),
            utf8(proof.protocol()),
            utf8(proof.channel())
        };
        byte[] extranonce = HEX.parseHex(proof.extranonce());
        ByteBuffer out = start(share, SHARE_FORMAT_2, MIN_FORMAT_2_BYTES + lengthOf(strings) + extranonce.length);
        putStrings(out, strings);
        out.putInt(extranonce.length);
        out.put(extranonce);
        out.putInt(proof.version());
        out.putInt(proof.ntime());
        out.putInt(proof.nonce());
        return out.array();
    }

    private static byte[] encodeFormat1(AcceptedShare share, ShareProof.Sv1Strings proof) {
        byte[][] strings = {
            utf8(share.address()), utf8(share.worker()), utf8(share.userAgent()), utf8(share.jobId()),
            utf8(share.blockHash()), utf8(proof.extranonce1()), utf8(proof.extranonce2()), utf8(proof.ntime()),
            utf8(proof.nonce()), utf8(proof.versionBits())
        };
        ByteBuffer out = start(share, SHARE_FORMAT_1, MIN_PAYLOAD_BYTES + lengthOf(strings));
        putStrings(out, strings);
        return out.array();
    }

    /** A buffer of {@code size} bytes holding the fields both formats begin with. */
    private static ByteBuffer start(AcceptedShare share, byte format, int size) {
        if (size > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("share is " + size + " bytes encoded, more than the journal's limit of "
                    + MAX_PAYLOAD_BYTES + " (a field is absurdly long): " + share.address() + "/" + share.worker());
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(format);
        out.putLong(share.sequence());
        out.putLong(share.time().getEpochSecond());
        out.putInt(share.time().getNano());
        // Raw bits: every double, NaN payloads included, comes back bit for bit.
        out.putLong(Double.doubleToRawLongBits(share.difficulty()));
        out.putLong(Double.doubleToRawLongBits(share.hashDifficulty()));
        out.put((byte) (share.block() ? FLAG_BLOCK : 0));
        return out;
    }

    private static int lengthOf(byte[][] strings) {
        int size = 0;
        for (byte[] s : strings) {
            size += s == null ? 0 : s.length;
        }
        return size;
    }

    private static void putStrings(ByteBuffer out, byte[][] strings) {
        for (byte[] s : strings) {
            if (s == null) {
                out.putInt(NULL_STRING);
            } else {
                out.putInt(s.length);
                out.put(s);
            }
        }
    }

    static void putSequence(byte[] payload, long sequence) {
        ByteBuffer.wrap(payload).putLong(SEQUENCE_OFFSET, sequence);
    }

    /** @throws IllegalArgumentException if the bytes are not a well-formed payload */
    static AcceptedShare decodePayload(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte format = in.get();
            if (format != SHARE_FORMAT_1 && format != SHARE_FORMAT_2) {
                throw new IllegalArgumentException("unknown record format version " + format);
            }
            long sequence = in.getLong();
            Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
            double difficulty = Double.longBitsToDouble(in.getLong());
            double hashDifficulty = Double.longBitsToDouble(in.getLong());
            int flags = in.get();
            if ((flags & ~FLAG_BLOCK) != 0) {
                throw new IllegalArgumentException("unknown flag bits " + flags);
            }
            String[] s = readStrings(in, format == SHARE_FORMAT_1 ? FORMAT_1_STRINGS : FORMAT_2_STRINGS);
            if (format == SHARE_FORMAT_2 && (s[5] == null || s[6] == null)) {
                throw new IllegalArgumentException("a format-2 share without its protocol or channel");
            }
            ShareProof proof = format == SHARE_FORMAT_1
                    ? new ShareProof.Sv1Strings(s[5], s[6], s[7], s[8], s[9])
                    : new ShareProof.HeaderFields(
                            s[5], s[6], HEX.formatHex(readBytes(in)), in.getInt(), in.getInt(), in.getInt());
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the last field");
            }
            return new AcceptedShare(
                    sequence,
                    time,
                    s[0],
                    s[1],
                    s[2],
                    s[3],
                    difficulty,
                    hashDifficulty,
                    (flags & FLAG_BLOCK) != 0,
                    s[4],
                    proof);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("payload ends inside a field");
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("bad share time: " + e.getMessage());
        }
    }

    /** CRC32C over the 4 length bytes and the payload, so a damaged length field is caught too. */
    static int checksum(byte[] payload) {
        CRC32C crc = new CRC32C();
        int length = payload.length;
        crc.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    static boolean plausibleLength(int length) {
        return length >= MIN_PAYLOAD_BYTES && length <= MAX_PAYLOAD_BYTES;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String[] readStrings(ByteBuffer in, int count) {
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            strings[i] = readString(in);
        }
        return strings;
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length == NULL_STRING) {
            return null;
        }
        return new String(readBytes(in, length), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer in) {
        return readBytes(in, in.getInt());
    }

    private static byte[] readBytes(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("field length " + length + " does not fit the payload");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
