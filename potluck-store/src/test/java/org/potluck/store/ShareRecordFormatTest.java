package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's share payloads: format 2 written now, format 1 (written before it) still read. */
class ShareRecordFormatTest {
    @TempDir
    Path dir;

    private static final AcceptedShare FORMAT_TWO = new AcceptedShare(
            7,
            Instant.parse("2026-01-02T03:04:05.000000006Z"),
            "bc1qnew",
            "rig",
            "bitaxe/2.4",
            "job-1",
            4096.0,
            9000.5,
            false,
            null,
            new ShareProof.HeaderFields(
                    "sv1", "0a0b0c0d", "0a0b0c0d00000000000000ff", 0x3fffe000, 0xfffffffe, 0x80000001));

    @Test
    void aFormatTwoShareRoundTripsThroughTheCodecWithFormatByteTwo() {
        byte[] payload = ShareRecordCodec.encodePayload(FORMAT_TWO);
        assertThat(payload[0]).isEqualTo((byte) 2);
        assertThat(ShareRecordCodec.decodePayload(payload)).isEqualTo(FORMAT_TWO);
        // The extranonce is kept as its bytes and the header fields as u32, not as hex text.
        int strings = 4 * 7
                + "bc1qnew".length()
                + "rig".length()
                + "bitaxe/2.4".length()
                + "job-1".length()
                + "sv1".length()
                + "0a0b0c0d".length();
        assertThat(payload).hasSize(1 + 8 + 8 + 4 + 8 + 8 + 1 + strings + 4 + 12 + 3 * 4);
    }

    @Test
    void aFormatTwoShareWithoutProtocolOrChannelIsRefusedAsDamage() {
        byte[] payload = ShareRecordCodec.encodePayload(FORMAT_TWO.withSequence(1));
        ByteBuffer b = ByteBuffer.wrap(payload);
        // The protocol's length field follows the five common strings; -1 is how the codec writes null.
        int at = 1 + 8 + 8 + 4 + 8 + 8 + 1;
        for (int i = 0; i < 5; i++) {
            int length = b.getInt(at);
            at += 4 + Math.max(length, 0);
        }
        byte[] nullProtocol = new byte[payload.length - 3];
        System.arraycopy(payload, 0, nullProtocol, 0, at);
        ByteBuffer.wrap(nullProtocol).putInt(at, -1);
        System.arraycopy(payload, at + 4 + 3, nullProtocol, at + 4, payload.length - at - 4 - 3);
        assertThatThrownBy(() -> ShareRecordCodec.decodePayload(nullProtocol))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("protocol or channel");
    }

    @Test
    void aPayloadOfAnUnknownFormatIsRefused() {
        byte[] payload = ShareRecordCodec.encodePayload(FORMAT_TWO);
        payload[0] = 9;
        assertThatThrownBy(() -> ShareRecordCodec.decodePayload(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown record format version 9");
    }

    @Test
    void aFormatTwoExtranonceMustBeLowerCaseHexOfWholeBytes() {
        for (String bad : List.of("0A0B", "0a0", "0g", "0a 0b")) {
            assertThatThrownBy(() -> new ShareProof.HeaderFields("sv1", "0a", bad, 0, 0, 0))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case hex");
        }
    }

    /**
     * A journal segment written byte for byte in format 1, the layout journals had before format 2 (built here from
     * its description, not with the codec), replays with its strings exactly; the shares appended after it are format
     * 2 and continue its numbering.
     */
    @Test
    void aFormatOneJournalWrittenBeforeFormatTwoStillReplaysAndNumberingContinues() throws Exception {
        Files.write(
                dir.resolve(ShareJournal.segmentName(1)),
                concat(
                        frame(formatOnePayload(
                                1, "bc1qold", "0a0b0c0d", "00000000000000ff", "6650a1b2", "deadbeef", "1fffe000")),
                        frame(formatOnePayload(
                                2, "bc1qold", "0a0b0c0d", "0000000000000100", "6650a1b3", "0000abcd", null))));
        List<AcceptedShare> replayed = new ArrayList<>();
        try (ShareJournal journal = ShareJournal.open(dir)) {
            journal.replay(0, replayed::add);
            assertThat(journal.append(FORMAT_TWO.withSequence(0))
                            .get(5, TimeUnit.SECONDS)
                            .sequence())
                    .isEqualTo(3);
        }
        assertThat(replayed)
                .extracting(AcceptedShare::proof)
                .containsExactly(
                        new ShareProof.Sv1Strings("0a0b0c0d", "00000000000000ff", "6650a1b2", "deadbeef", "1fffe000"),
                        new ShareProof.Sv1Strings("0a0b0c0d", "0000000000000100", "6650a1b3", "0000abcd", null));
        assertThat(replayed.getFirst())
                .isEqualTo(new AcceptedShare(
                        1,
                        Instant.ofEpochSecond(1_700_000_001, 5),
                        "bc1qold",
                        "rig",
                        null,
                        "job-1",
                        512.0,
                        1024.5,
                        false,
                        null,
                        replayed.getFirst().proof()));
        List<AcceptedShare> all = new ArrayList<>();
        try (ShareJournal reopened = ShareJournal.open(dir)) {
            reopened.replay(0, all::add);
        }
        assertThat(all).extracting(s -> s.proof().format()).containsExactly(1, 1, 2);
        assertThat(all.getLast()).isEqualTo(FORMAT_TWO.withSequence(3));
    }

    /** Format 1 as ShareJournal described it before format 2: u8 1, i64, i64, i32, f64, f64, u8, ten strings. */
    private static byte[] formatOnePayload(long sequence, String address, String... sv1) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fixed = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 + 8 + 1);
        fixed.put((byte) 1)
                .putLong(sequence)
                .putLong(1_700_000_000 + sequence)
                .putInt(5)
                .putLong(Double.doubleToRawLongBits(512.0))
                .putLong(Double.doubleToRawLongBits(1024.5))
                .put((byte) 0);
        out.writeBytes(fixed.array());
        List<String> strings = new ArrayList<>(List.of(address, "rig"));
        strings.add(null); // user agent
        strings.add("job-1");
        strings.add(null); // block hash
        strings.addAll(java.util.Arrays.asList(sv1));
        for (String s : strings) {
            byte[] bytes = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4)
                    .putInt(bytes == null ? -1 : bytes.length)
                    .array());
            if (bytes != null) {
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    /** u32 length, u32 CRC32C of the length bytes and the payload, the payload. */
    private static byte[] frame(byte[] payload) {
        byte[] length = ByteBuffer.allocate(4).putInt(payload.length).array();
        CRC32C crc = new CRC32C();
        crc.update(length);
        crc.update(payload);
        return concat(
                length, ByteBuffer.allocate(4).putInt((int) crc.getValue()).array(), payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
