package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Bech32Base58Test {
    /** BIP173 (bip-0173.mediawiki) "valid Bech32" strings. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "A12UEL5L",
                "a12uel5l",
                "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
                "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
                "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
                "?1ezyfcl"
            })
    void bip173ValidBech32Strings(String s) {
        Bech32.Decoded d = Bech32.decode(s);
        assertThat(d.encoding()).isEqualTo(Bech32.Encoding.BECH32);
        assertThat(Bech32.encode(d.hrp(), d.data(), d.encoding())).isEqualTo(s.toLowerCase());
    }

    /** BIP350 (bip-0350.mediawiki) "valid Bech32m" strings; none of them is valid bech32. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "A1LQFN3A",
                "a1lqfn3a",
                "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
                "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
                "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
                "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
                "?1v759aa"
            })
    void bip350ValidBech32mStrings(String s) {
        Bech32.Decoded d = Bech32.decode(s);
        assertThat(d.encoding()).isEqualTo(Bech32.Encoding.BECH32M);
        assertThat(Bech32.encode(d.hrp(), d.data(), d.encoding())).isEqualTo(s.toLowerCase());
    }

    /** BIP173 and BIP350 invalid strings (HRP out of range, too long, no separator, empty HRP, bad chars, ...). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u00201nwldj5",
                "\u007f1axkwrx",
                "\u00801eym55h",
                "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
                "pzry9x0s0muk",
                "1pzry9x0s0muk",
                "x1b4n0q5v",
                "li1dgmt3",
                "de1lg7wt\u00ff",
                "A1G7SGD8",
                "10a06t8",
                "1qzzfhee",
                "\u00201xj0phk",
                "\u007f1g6xzxy",
                "\u00801vctc34",
                "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
                "qyrz8wqd2c9m",
                "1qyrz8wqd2c9m",
                "y1b0jsk6g",
                "lt1igcx5c0",
                "in1muywd",
                "mm1crxm3i",
                "au1s5cgom",
                "M1VUXWEZ",
                "16plkw9",
                "1p2gdwpf"
            })
    void invalidBech32StringsAreRejected(String s) {
        assertThatThrownBy(() -> Bech32.decode(s)).isInstanceOf(AddressException.class);
    }

    @Test
    void segwitEncodeRoundTripsAndPicksTheChecksumByVersion() {
        byte[] program = Hex.decode("751e76e8199196d454941c45d1b3a323f1433bd6");
        assertThat(Bech32.encodeSegwit("bc", 0, program)).isEqualTo("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
        String taproot = Bech32.encodeSegwit(
                "bc", 1, Hex.decode("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
        assertThat(taproot).isEqualTo("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
        assertThat(Bech32.decodeSegwit("bc", taproot).version()).isEqualTo(1);
    }

    /** Base58Check round trips; expected strings are the P2PKH/P2SH vectors used in AddressTest. */
    @Test
    void base58CheckRoundTripsWithLeadingZeros() {
        byte[] payload = Hex.decode("0077bff20c60e522dfaa3350c39b030a5d004e839a");
        assertThat(Base58.encodeChecked(payload)).isEqualTo("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2");
        assertThat(Base58.decodeChecked("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")).isEqualTo(payload);
        assertThat(Base58.encodeChecked(Hex.decode("05b472a266d0bd89c13706a4132ccfb16f7c3b9fcb")))
                .isEqualTo("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
        assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(Base58.decode("112")).isEqualTo(new byte[] {0, 0, 1});
        assertThatThrownBy(() -> Base58.decodeChecked("1111")).hasMessageContaining("checksum mismatch");
    }
}
