package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTest {
    private static String spk(String address, Network net) {
        return Hex.encode(Address.toScriptPubKey(address, net));
    }

    /** Valid segwit addresses of BIP350 (bitcoin/bips bip-0350.mediawiki, "Test vectors for v0-v16 native segwit"). */
    @ParameterizedTest
    @CsvSource({
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, main, 0014751e76e8199196d454941c45d1b3a323f1433bd6",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7, test, 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y, main, 5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
        "BC1SW50QGDZ25J, main, 6002751e",
        "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs, main, 5210751e76e8199196d454941c45d1b3a323",
        "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy, test, 0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
        "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c, test, 5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0, main, 512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    })
    void bip350ValidSegwitAddresses(String address, String network, String scriptPubKey) {
        assertThat(spk(address, Network.byName(network))).isEqualTo(scriptPubKey);
    }

    /** Invalid segwit addresses of BIP350 (bip-0350.mediawiki) with the problem each must be reported as. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut | test | wrong network",
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd | main | checksum mismatch",
                "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf | test | checksum mismatch",
                "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL | main | checksum mismatch",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh | main | checksum mismatch",
                "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47 | test | checksum mismatch",
                "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4 | main | invalid data character 'o'",
                "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R | main | invalid witness version 17",
                "bc1pw5dgrnzv | main | 2..40 bytes, got 1",
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav | main | 2..40 bytes, got 41",
                "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P | main | witness v0 program must be 20 or 32 bytes",
                "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq | test | mixed case",
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf | main | padding",
                "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j | test | non-zero padding",
                "bc1gmk9yu | main | empty data section",
            })
    void bip350InvalidSegwitAddressesAreRejected(String address, String network, String problem) {
        assertThatThrownBy(() -> Address.toScriptPubKey(address, Network.byName(network)))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining(problem);
    }

    /**
     * BIP173 (bip-0173.mediawiki) v0 vectors, and its v1+ vectors, which BIP350 made invalid because they carry a
     * bech32 (not bech32m) checksum.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty | wrong network",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5 | checksum mismatch",
                "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2 | invalid witness version",
                "bc1rw5uspcuh | 2..40 bytes",
                "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90 | 2..40 bytes, got 41",
                "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P | 20 or 32 bytes",
                "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7 | mixed case",
                "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du | padding",
                "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv | non-zero padding",
                "bc1gmk9yu | empty data section",
                "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx | must use bech32m",
                "BC1SW50QA3JX3S | must use bech32m",
                "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj | must use bech32m",
            })
    void bip173InvalidSegwitAddressesAreRejected(String address, String problem) {
        Network net = address.toLowerCase().startsWith("tb") ? Network.TESTNET : Network.MAINNET;
        assertThatThrownBy(() -> Address.toScriptPubKey(address, net))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining(problem);
    }

    /**
     * Base58 examples from the brief (well-known mainnet addresses) and Bitcoin Core's
     * src/test/data/key_io_valid.json for mainnet, testnet4, signet and regtest, plus its bech32 ones.
     */
    @ParameterizedTest
    @CsvSource({
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2, main, 76a91477bff20c60e522dfaa3350c39b030a5d004e839a88ac",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy, main, a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87",
        "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo, main, 76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac",
        "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm, main, a914373b819a068f32b7a6b38b6b38729647cfde01c287",
        "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ, testnet4, 76a914ce28b26c57472737f5c3561a1761185bd8589a4388ac",
        "2NC2hEhe28ULKAJkW5MjZ3jtTMJdvXmByvK, testnet4, a914ce0bba75891ff9ec60148d4bd4a09ee2dc5c933187",
        "mww4LvqtTMKvmeQvizPz2EQv26xTneWrbg, signet, 76a914b4110ba93ac54afc14da3bdd19614774a2d55d2988ac",
        "2N1r7aC69VHeE7yQJPDLi9T1PYq4wnwvjuT, signet, a9145e5a35ab44b3efaea5129ba22b88ba3e2976614587",
        "n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ, regtest, 76a914fdeca3b08e38af53d7c4c60e3ad208ce5066441088ac",
        "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA, regtest, a91436e9f191e0b75036a77f65e2eaa4752443233fbe87",
        "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv, main, 00146100fc6343edc8c874496cb2f5bbfec88ea9b77c",
        "bc1p83n3au0rjylefxq2nc2xh2y4jzz4pm6zxj4mw5pagdjjr2a9f36s6jjnnu, main, 51203c671ef1e3913f94980a9e146ba895908550ef4234abb7503d436521aba54c75",
        "bc1z2rksukkjr8, main, 520250ed",
        "tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n54, testnet4, 0014c0ef1202759fff90ff19128936814321ee59e111",
        "tb1p35n52jy6xkm4wd905tdy8qtagrn73kqdz73xe4zxpvq9t3fp50aqk3s6gz, testnet3, 51208d2745489a35b75734afa2da43817d40e7e8d80d17a26cd4460b0055c521a3fa",
        "tb1rgv5m6uvdk3kc7qsuz0c79v88ycr5w4wa, testnet4, 53104329bd718db46d8f021c13f1e2b0e726",
        "tb1q3vya2h5435jkugq2few7dmktlrwq4ejmfaw7kr, signet, 00148b09d55e958d256e200a4e5de6eecbf8dc0ae65b",
        "tb1pae5um27ahn8n73pgexe3kcwlp8dhswpn684h2k2w6t9a7w3eq65qephd5y, signet, 5120ee69cdabddbccf3f4428c9b31b61df09db783833d1eb75594ed2cbdf3a3906a8",
        "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9, regtest, 00146f58bac9506f9bfb821d62e69330410bb56f0085",
        "bcrt1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqga4uhv, regtest, 0020ecce89afb8f0bdbcab325d6e11f2aaeb549f50a9d91fb8e64c814faa685367b2",
        "bcrt1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq3553uh, regtest, 51204b8d20316baaf061adbfe72c9d914d678cd5004d49356ec9949ba752777171ac",
        "BCRT1QDAVT4J2SD7DLHQSAVTNFXVZPPW6K7QY97TMNU9, regtest, 00146f58bac9506f9bfb821d62e69330410bb56f0085",
    })
    void publishedAddressesMapToTheirScriptPubKeys(String address, String network, String scriptPubKey) {
        assertThat(spk(address, Network.byName(network))).isEqualTo(scriptPubKey);
    }

    /**
     * bcoin regtest (prefixes 0x3c / 0x26 / hrp rb): the hashes of Core's regtest vectors above, re-encoded. The
     * R.../G.../rb1q... strings were decoded by bcoin 1.0.2's own Address.fromString(addr, 'regtest'); bcoin 1.0.2
     * predates bech32m, so the rb1p... (v1) one was produced by an independent Python BIP350 encoder.
     */
    @ParameterizedTest
    @CsvSource({
        "RYRpX3VcdyGdtG1V8ULUcLXdtRGfr7a4A8, 76a914fdeca3b08e38af53d7c4c60e3ad208ce5066441088ac",
        "GNrHAB5JMKLJr1mwK9w6GJrdhGMpcJQ6oM, a91436e9f191e0b75036a77f65e2eaa4752443233fbe87",
        "rb1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy9tyefte, 00146f58bac9506f9bfb821d62e69330410bb56f0085",
        "rb1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqracudp, 0020ecce89afb8f0bdbcab325d6e11f2aaeb549f50a9d91fb8e64c814faa685367b2",
        "rb1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq65e3x6, 51204b8d20316baaf061adbfe72c9d914d678cd5004d49356ec9949ba752777171ac",
    })
    void bcoinRegtestAddresses(String address, String scriptPubKey) {
        assertThat(spk(address, Network.BCOIN_REGTEST)).isEqualTo(scriptPubKey);
    }

    @Test
    void addressesOfAnotherNetworkAreRejectedNamingTheExpectedPrefix() {
        assertThatThrownBy(
                        () -> Address.toScriptPubKey("bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9", Network.MAINNET))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining("wrong network: expected hrp bc");
        assertThatThrownBy(() -> Address.toScriptPubKey("rb1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy9tyefte", Network.REGTEST))
                .hasMessageContaining("wrong network: expected hrp bcrt");
        assertThatThrownBy(() -> Address.toScriptPubKey("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", Network.TESTNET))
                .hasMessageContaining("wrong network")
                .hasMessageContaining("0x00");
        assertThatThrownBy(() -> Address.toScriptPubKey("n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ", Network.BCOIN_REGTEST))
                .hasMessageContaining("wrong network");
    }

    @Test
    void corruptedBase58AddressFailsItsChecksum() {
        assertThatThrownBy(() -> Address.toScriptPubKey("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", Network.MAINNET))
                .isInstanceOf(AddressException.class)
                .hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> Address.toScriptPubKey("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVNI", Network.MAINNET))
                .hasMessageContaining("invalid base58 character 'I'");
        assertThatThrownBy(() -> Address.toScriptPubKey("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", Network.MAINNET))
                .hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> Address.toScriptPubKey("  ", Network.MAINNET)).hasMessageContaining("empty");
    }

    @Test
    void networkNamesResolveAndUnknownOnesListTheKnown() {
        assertThat(Network.byName("mainnet")).isSameAs(Network.MAINNET);
        assertThat(Network.byName("testnet4")).isSameAs(Network.TESTNET);
        assertThat(Network.byName("signet")).isSameAs(Network.SIGNET);
        assertThat(Network.byName("regtest").bech32Hrp()).isEqualTo("bcrt");
        assertThat(Network.byName("bcoin-regtest").p2pkhVersion()).isEqualTo(0x3c);
        assertThatThrownBy(() -> Network.byName("litecoin"))
                .hasMessageContaining("litecoin")
                .hasMessageContaining("bcoin-regtest")
                .hasMessageContaining("testnet4");
    }
}
