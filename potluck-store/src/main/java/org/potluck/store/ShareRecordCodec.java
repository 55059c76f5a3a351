package org.potluck.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * The byte layout of one journal record; see {@link ShareJournal} for the format description.
 * Big-endian throughout (ByteBuffer's default).
 */
final class ShareRecordCodec {
  static final byte FORMAT_VERSION = 1;
  static final int FRAME_HEADER_BYTES = 8;
  /** Where the sequence sits inside the payload, so the writer can number a record encoded earlier. */
  static final int SEQUENCE_OFFSET = 1;
  private static final int STRING_FIELDS = 10;
  static final int MIN_PAYLOAD_BYTES = 1 + 8 + 8 + 4 + 8 + 8 + 1 + STRING_FIELDS * 4;
  /** Real shares are a few hundred bytes; anything near this is a bug or a garbage length field. */
  static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  private static final int NULL_STRING = -1;
  private static final int FLAG_BLOCK = 1;

  private ShareRecordCodec() {
  }

  static byte[] encodePayload(AcceptedShare share) {
    byte[][] strings = {
        utf8(share.address()), utf8(share.worker()), utf8(share.userAgent()), utf8(share.jobId()),
        utf8(share.blockHash()), utf8(share.extranonce1()), utf8(share.extranonce2()), utf8(share.ntime()),
        utf8(share.nonce()), utf8(share.versionBits())};
    int size = MIN_PAYLOAD_BYTES;
    for (byte[] s : strings) {
      size += s == null ? 0 : s.length;
    }
    if (size > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "share is " + size + " bytes encoded, more than the journal's limit of " + MAX_PAYLOAD_BYTES
              + " (a field is absurdly long): " + share.address() + "/" + share.worker());
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT_VERSION);
    out.putLong(share.sequence());
    out.putLong(share.time().getEpochSecond());
    out.putInt(share.time().getNano());
    // Raw bits: every double, NaN payloads included, comes back bit for bit.
    out.putLong(Double.doubleToRawLongBits(share.difficulty()));
    out.putLong(Double.doubleToRawLongBits(share.hashDifficulty()));
    out.put((byte) (share.block() ? FLAG_BLOCK : 0));
    for (byte[] s : strings) {
      if (s == null) {
        out.putInt(NULL_STRING);
      } else {
        out.putInt(s.length);
        out.put(s);
      }
    }
    return out.array();
  }

  static void putSequence(byte[] payload, long sequence) {
    ByteBuffer.wrap(payload).putLong(SEQUENCE_OFFSET, sequence);
  }

  /** @throws IllegalArgumentException if the bytes are not a well-formed payload */
  static AcceptedShare decodePayload(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      byte version = in.get();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unknown record format version " + version);
      }
      long sequence = in.getLong();
      Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
      double difficulty = Double.longBitsToDouble(in.getLong());
      double hashDifficulty = Double.longBitsToDouble(in.getLong());
      int flags = in.get();
      if ((flags & ~FLAG_BLOCK) != 0) {
        throw new IllegalArgumentException("unknown flag bits " + flags);
      }
      String[] s = new String[STRING_FIELDS];
      for (int i = 0; i < STRING_FIELDS; i++) {
        s[i] = readString(in);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the last field");
      }
      return new AcceptedShare(sequence, time, s[0], s[1], s[2], s[3], difficulty, hashDifficulty,
          (flags & FLAG_BLOCK) != 0, s[4], s[5], s[6], s[7], s[8], s[9]);
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

  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    if (length == NULL_STRING) {
      return null;
    }
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("string length " + length + " does not fit the payload");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
