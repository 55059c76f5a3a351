package org.potluck.accounting.hd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.acinq.bitcoin.DeterministicWallet;
import fr.acinq.bitcoin.KeyPath;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.Base58;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;

class HdPayoutSourceTest {
    // BIP84 test vectors (bitcoin/bips bip-0084.mediawiki), mnemonic "abandon ... about", account 0 = m/84'/0'/0'.
    private static final String BIP84_ACCOUNT_ZPRV = "zprvAdG4iTXWBoARxkkzNpNh8r6Qag3irQB8PzEMkAFeTRXxHpbF9z4QgEvBRmf"
            + "vqWvGp42t42nvgGpNgYSJA9iefm1yYNZKEm7z6qUWCroSQnE";
    /** The public side of the BIP84 account key (published by wallets alongside the vector). */
    private static final String BIP84_ACCOUNT_ZPUB = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1A"
            + "DqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";

    private static final String BIP84_RECEIVE_0 = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu";
    private static final String BIP84_RECEIVE_1 = "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g";
    private static final String BIP84_CHANGE_0 = "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el";

    // BIP86 test vectors (bitcoin/bips bip-0086.mediawiki), account 0 = m/86'/0'/0'.
    private static final String BIP86_ACCOUNT_XPUB = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteo"
            + "GVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";
    private static final String BIP86_RECEIVE_0 = "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr";
    private static final String BIP86_RECEIVE_1 = "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh";
    private static final String BIP86_CHANGE_0 = "bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7";

    /** The same key material under other version bytes (e.g. zpub -> xpub, xpub -> tpub). */
    private static String withVersion(String extendedKey, int version) {
        byte[] payload = Base58.decodeChecked(extendedKey);
        byte[] changed = Arrays.copyOf(payload, payload.length);
        changed[0] = (byte) (version >>> 24);
        changed[1] = (byte) (version >>> 16);
        changed[2] = (byte) (version >>> 8);
        changed[3] = (byte) version;
        return Base58.encodeChecked(changed);
    }

    private static String withChecksum(String descriptor) {
        return descriptor + "#" + DescriptorChecksum.compute(descriptor);
    }

    @Test
    void bip84ZpubIsThePublicSideOfThePublishedAccountZprv() {
        var zprv = DeterministicWallet.ExtendedPrivateKey.Companion.decode(
                        BIP84_ACCOUNT_ZPRV, KeyPath.Companion.getEmpty())
                .getSecond();

        assertThat(zprv.getExtendedPublicKey().encode(DeterministicWallet.zpub)).isEqualTo(BIP84_ACCOUNT_ZPUB);
    }

    @Test
    void bareZpubPaysBip84ReceiveAddresses() {
        HdPayoutSource source = HdPayoutSource.parse(BIP84_ACCOUNT_ZPUB, Network.MAINNET);

        assertThat(source.scriptType()).isEqualTo(HdPayoutSource.ScriptType.WPKH);
        assertThat(source.addressAt(0)).isEqualTo(BIP84_RECEIVE_0);
        assertThat(source.addressAt(1)).isEqualTo(BIP84_RECEIVE_1);
    }

    @Test
    void bareXpubIsTreatedAsWpkhOnTheReceiveChain() {
        String xpub = withVersion(BIP84_ACCOUNT_ZPUB, DeterministicWallet.xpub);

        assertThat(HdPayoutSource.parse(xpub, Network.MAINNET).addressAt(0)).isEqualTo(BIP84_RECEIVE_0);
    }

    @Test
    void wpkhDescriptorWithOriginAndChecksumPaysBip84Addresses() {
        String xpub = withVersion(BIP84_ACCOUNT_ZPUB, DeterministicWallet.xpub);
        // 73c5da0a is the master fingerprint of the "abandon ... about" seed; it does not change the addresses.
        HdPayoutSource receive =
                HdPayoutSource.parse(withChecksum("wpkh([73c5da0a/84h/0h/0h]" + xpub + "/0/*)"), Network.MAINNET);
        HdPayoutSource change = HdPayoutSource.parse("wpkh(" + xpub + "/1/*)", Network.MAINNET);

        assertThat(receive.addresses(0, 2)).containsExactly(BIP84_RECEIVE_0, BIP84_RECEIVE_1);
        assertThat(change.addressAt(0)).isEqualTo(BIP84_CHANGE_0);
    }

    @Test
    void trDescriptorPaysBip86Addresses() {
        HdPayoutSource receive = HdPayoutSource.parse(
                withChecksum("tr([73c5da0a/86'/0'/0']" + BIP86_ACCOUNT_XPUB + "/0/*)"), Network.MAINNET);
        HdPayoutSource change = HdPayoutSource.parse("tr(" + BIP86_ACCOUNT_XPUB + "/1/*)", Network.MAINNET);

        assertThat(receive.scriptType()).isEqualTo(HdPayoutSource.ScriptType.TR);
        assertThat(receive.addressAt(0)).isEqualTo(BIP86_RECEIVE_0);
        assertThat(receive.addressAt(1)).isEqualTo(BIP86_RECEIVE_1);
        assertThat(change.addressAt(0)).isEqualTo(BIP86_CHANGE_0);
    }

    @Test
    void testNetworkKeysPayTheNetworksHumanReadablePart() {
        // Same key material as a tpub/vpub: the witness program is the BIP84/BIP86 one, only the hrp changes.
        byte[] wpkhProgram = Bech32.decodeSegwit("bc", BIP84_RECEIVE_0).program();
        byte[] trProgram = Bech32.decodeSegwit("bc", BIP86_RECEIVE_0).program();
        String vpub = withVersion(BIP84_ACCOUNT_ZPUB, DeterministicWallet.vpub);
        String tpub = withVersion(BIP86_ACCOUNT_XPUB, DeterministicWallet.tpub);

        assertThat(HdPayoutSource.parse(vpub, Network.TESTNET).addressAt(0))
                .isEqualTo(Bech32.encodeSegwit("tb", 0, wpkhProgram))
                .startsWith("tb1q");
        assertThat(HdPayoutSource.parse(vpub, Network.SIGNET).addressAt(0)).startsWith("tb1q");
        assertThat(HdPayoutSource.parse(vpub, Network.REGTEST).addressAt(0))
                .isEqualTo(Bech32.encodeSegwit("bcrt", 0, wpkhProgram));
        assertThat(HdPayoutSource.parse("tr(" + tpub + "/0/*)", Network.REGTEST).addressAt(0))
                .isEqualTo(Bech32.encodeSegwit("bcrt", 1, trProgram))
                .startsWith("bcrt1p");
        assertThat(HdPayoutSource.parse("tr(" + tpub + "/0/*)", Network.BCOIN_REGTEST)
                        .addressAt(0))
                .isEqualTo(Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 1, trProgram));
    }

    @Test
    void keyOfTheOtherNetworkIsRefused() {
        String tpub = withVersion(BIP86_ACCOUNT_XPUB, DeterministicWallet.tpub);

        assertThatThrownBy(() -> HdPayoutSource.parse(BIP84_ACCOUNT_ZPUB, Network.REGTEST))
                .hasMessageContaining("mainnet")
                .hasMessageContaining("regtest");
        assertThatThrownBy(() -> HdPayoutSource.parse(tpub, Network.MAINNET)).hasMessageContaining("test network");
    }

    @Test
    void privateKeysAreRefused() {
        assertThatThrownBy(() -> HdPayoutSource.parse(BIP84_ACCOUNT_ZPRV, Network.MAINNET))
                .hasMessageContaining("PRIVATE");
    }

    @Test
    void wrongDescriptorChecksumIsRefused() {
        String good = withChecksum("tr(" + BIP86_ACCOUNT_XPUB + "/0/*)");
        String bad = good.substring(0, good.length() - 1) + (good.endsWith("q") ? "p" : "q");

        assertThatThrownBy(() -> HdPayoutSource.parse(bad, Network.MAINNET)).hasMessageContaining("checksum");
    }

    @Test
    void unusableDescriptorsAreRefusedWithAReason() {
        String xpub = BIP86_ACCOUNT_XPUB;
        assertThatThrownBy(() -> HdPayoutSource.parse("tr(" + xpub + "/0)", Network.MAINNET))
                .hasMessageContaining("/*");
        assertThatThrownBy(() -> HdPayoutSource.parse("tr(" + xpub + "/0/*h)", Network.MAINNET))
                .hasMessageContaining("hardened");
        assertThatThrownBy(() -> HdPayoutSource.parse("tr(" + xpub + "/0h/*)", Network.MAINNET))
                .hasMessageContaining("hardened");
        assertThatThrownBy(() -> HdPayoutSource.parse("tr(" + xpub + "/<0;1>/*)", Network.MAINNET))
                .hasMessageContaining("multipath");
        assertThatThrownBy(() -> HdPayoutSource.parse("sh(wpkh(" + xpub + "/0/*))", Network.MAINNET))
                .hasMessageContaining("only wpkh(KEY) and tr(KEY)");
        assertThatThrownBy(() -> HdPayoutSource.parse("tr(" + xpub + ",pk(" + xpub + "))", Network.MAINNET))
                .hasMessageContaining("script tree");
        assertThatThrownBy(() -> HdPayoutSource.parse("wpkh([d34db3/0h]" + xpub + "/0/*)", Network.MAINNET))
                .hasMessageContaining("origin");
        assertThatThrownBy(() -> HdPayoutSource.parse("wpkh(" + BIP84_ACCOUNT_ZPUB + "/0/*)", Network.MAINNET))
                .hasMessageContaining("xpub or tpub");
        assertThatThrownBy(() -> HdPayoutSource.parse(xpub + "/0/*", Network.MAINNET))
                .hasMessageContaining("descriptor");
        assertThatThrownBy(() -> HdPayoutSource.parse("xpubNotAKey", Network.MAINNET))
                .hasMessageContaining("not a valid extended key");
        assertThatThrownBy(() -> HdPayoutSource.parse(" ", Network.MAINNET)).hasMessageContaining("empty");
        assertThatThrownBy(() -> HdPayoutSource.parse(xpub, Network.MAINNET).addressAt(-1))
                .hasMessageContaining("negative");
    }

    @Test
    void ypubIsRefused() {
        String ypub = withVersion(BIP84_ACCOUNT_ZPUB, DeterministicWallet.ypub);

        assertThatThrownBy(() -> HdPayoutSource.parse(ypub, Network.MAINNET)).hasMessageContaining("ypub");
    }

    @Test
    void looksLikeHdSourceTellsKeysFromAddresses() {
        assertThat(HdPayoutSource.looksLikeHdSource(BIP84_ACCOUNT_ZPUB)).isTrue();
        assertThat(HdPayoutSource.looksLikeHdSource("tr(" + BIP86_ACCOUNT_XPUB + "/0/*)"))
                .isTrue();
        assertThat(HdPayoutSource.looksLikeHdSource(BIP84_RECEIVE_0)).isFalse();
        assertThat(HdPayoutSource.looksLikeHdSource(null)).isFalse();
    }
}
