package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrimitivesTest {
    @Test
    void hexRoundTripsAndAcceptsUpperCase() {
        byte[] b = {0x00, 0x7f, (byte) 0x80, (byte) 0xff, 0x12};
        assertThat(Hex.encode(b)).isEqualTo("007f80ff12");
        assertThat(Hex.decode("007F80FF12")).isEqualTo(b);
        assertThat(Hex.reversed(b)).isEqualTo(new byte[] {0x12, (byte) 0xff, (byte) 0x80, 0x7f, 0x00});
        assertThat(Hex.reversed(b)).isNotSameAs(b);
    }

    @Test
    void hexRejectsOddLengthAndNonHexNamingWhich() {
        assertThatThrownBy(() -> Hex.decode("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("odd length");
        assertThatThrownBy(() -> Hex.decode("0g"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex")
                .hasMessageContaining("'g'")
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> Hex.decode("\uff10\uff10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex");
    }

    // FIPS 180-2 appendix B.1 ("abc"); sha256d("abc") cross-checked with Python hashlib.
    @Test
    void sha256MatchesFipsVector() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hex.encode(Sha256.sha256(abc)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.sha256d(abc)).isEqualTo(Sha256.sha256(Sha256.sha256(abc)));
    }

    @Test
    void sha256dVariantsAgree() {
        byte[] a = "hello ".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "world".getBytes(StandardCharsets.US_ASCII);
        byte[] ab = "xxhello worldyy".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Sha256.sha256(Sha256.sha256("hello world".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Sha256.sha256d(a, b)).isEqualTo(expected);
        assertThat(Sha256.sha256d(ab, 2, 11)).isEqualTo(expected);
        byte[] out = new byte[40];
        Sha256.sha256dInto(ab, 2, 11, out, 8);
        assertThat(java.util.Arrays.copyOfRange(out, 8, 40)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "252, fc",
        "253, fdfd00",
        "65535, fdffff",
        "65536, fe00000100",
        "4294967295, feffffffff",
        "4294967296, ff0000000001000000"
    })
    void compactSizeBoundaries(long n, String hex) {
        assertThat(Hex.encode(CompactSize.encode(n))).isEqualTo(hex);
        assertThat(CompactSize.size(n)).isEqualTo(hex.length() / 2);
        assertThat(new ByteWriter().compactSize(n).toByteArray()).isEqualTo(Hex.decode(hex));
        ByteReader r = new ByteReader(Hex.decode(hex));
        assertThat(r.compactSize()).isEqualTo(n);
        assertThat(r.remaining()).isZero();
    }

    @Test
    void compactSizeNonCanonicalEncodingIsRejected() {
        assertThatThrownBy(() -> new ByteReader(Hex.decode("fdfc00")).compactSize())
                .hasMessageContaining("non-canonical");
        assertThatThrownBy(() -> new ByteReader(Hex.decode("feffff0000")).compactSize())
                .hasMessageContaining("non-canonical");
    }

    @Test
    void writerAndReaderAreLittleEndianAndGrow() {
        ByteWriter w = new ByteWriter(1);
        w.u8(0xab)
                .u16le(0x1234)
                .u32le(0xdeadbeefL)
                .i32le(-2)
                .u64le(0x0102030405060708L)
                .varBytes(new byte[] {9, 9});
        assertThat(Hex.encode(w.toByteArray())).isEqualTo("ab3412efbeaddefeffffff0807060504030201020909");
        assertThat(w.size()).isEqualTo(22);
        ByteReader r = new ByteReader(w.toByteArray());
        assertThat(r.u8()).isEqualTo(0xab);
        assertThat(r.u16le()).isEqualTo(0x1234);
        assertThat(r.u32le()).isEqualTo(0xdeadbeefL);
        assertThat(r.i32le()).isEqualTo(-2);
        assertThat(r.u64le()).isEqualTo(0x0102030405060708L);
        assertThat(r.bytes((int) r.compactSize())).isEqualTo(new byte[] {9, 9});
        assertThat(r.remaining()).isZero();
    }

    @Test
    void readerRejectsTruncation() {
        assertThatThrownBy(() -> new ByteReader(new byte[3]).u32le())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> new ByteReader(new byte[3]).bytes(4)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new ByteReader(Hex.decode("fd01")).compactSize())
                .hasMessageContaining("truncated");
    }

    // BIP34 heights as Bitcoin Core's CScript() << height encodes them.
    @ParameterizedTest
    @CsvSource({
        "1, 51",
        "16, 60",
        "17, 0111",
        "127, 017f",
        "128, 028000",
        "255, 02ff00",
        "256, 020001",
        "32767, 02ff7f",
        "32768, 03008000",
        "840000, 0340d10c",
        "791433, 0389130c",
        "8388608, 0400008000"
    })
    void heightPushIsMinimalScriptNumber(int height, String hex) {
        assertThat(Hex.encode(ScriptNumber.heightPush(height))).isEqualTo(hex);
    }

    @Test
    void heightsOneToSixteenUseSmallIntegerOpcodes() {
        for (int h = 1; h <= 16; h++) {
            assertThat(ScriptNumber.heightPush(h)).containsExactly((byte) (0x50 + h));
        }
        assertThatThrownBy(() -> ScriptNumber.heightPush(-1)).hasMessageContaining("negative");
    }

    @Test
    void negativeScriptNumbersSetTheSignBit() {
        assertThat(Hex.encode(ScriptNumber.encode(-1))).isEqualTo("81");
        assertThat(Hex.encode(ScriptNumber.encode(-128))).isEqualTo("8080");
        assertThat(Hex.encode(ScriptNumber.encode(-255))).isEqualTo("ff80");
    }
}
