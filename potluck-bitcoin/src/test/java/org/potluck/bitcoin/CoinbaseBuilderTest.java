package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoinbaseBuilderTest {
    private static final byte[] P2WPKH = Hex.decode("0014751e76e8199196d454941c45d1b3a323f1433bd6");
    private static final byte[] COMMITMENT =
            Hex.decode("6a24aa21a9ed63b06a7946b190a3fda1d76165b25c9b883bcc6621b040773050ee2a1bb18f18");

    private static CoinbaseBuilder builder() {
        return new CoinbaseBuilder()
                .height(840000)
                .extranonceSize(12)
                .tag("/potluck/".getBytes(StandardCharsets.US_ASCII))
                .outputs(List.of(
                        new TxOut(3_1250_0000L, P2WPKH), new TxOut(1000, Hex.decode("a914" + "33".repeat(20) + "87"))))
                .witnessCommitment(COMMITMENT);
    }

    @Test
    void builtCoinbaseParsesBackWithHeightExtranonceAndOutputs() {
        CoinbaseParts parts = builder().build();
        byte[] en1 = Hex.decode("01020304");
        byte[] en2 = Hex.decode("a1a2a3a4a5a6a7a8");
        byte[] raw = parts.assemble(en1, en2);
        assertThat(raw)
                .hasSize(parts.coinb1().length + 12 + parts.coinb2().length)
                .hasSize(parts.assembledLength());

        Transaction tx = Transaction.parse(raw);
        assertThat(tx.version()).isEqualTo(2);
        assertThat(tx.lockTime()).isZero();
        TxIn in = tx.inputs().getFirst();
        assertThat(tx.inputs()).hasSize(1);
        assertThat(in.prevTxid()).isEqualTo(new byte[32]);
        assertThat(in.prevIndex()).isEqualTo(0xffffffffL);
        assertThat(in.sequence()).isEqualTo(0xffffffffL);
        assertThat(Hex.encode(in.scriptSig()))
                .isEqualTo("0340d10c" + "0c" + "01020304a1a2a3a4a5a6a7a8" + "09" + Hex.encode("/potluck/".getBytes()));
        assertThat(tx.outputs())
                .containsExactly(
                        new TxOut(3_1250_0000L, P2WPKH),
                        new TxOut(1000, Hex.decode("a914" + "33".repeat(20) + "87")),
                        new TxOut(0, COMMITMENT));
        // coinb1 ends right at the slot: the extranonce push opcode is its last byte
        assertThat(parts.coinb1()[parts.coinb1().length - 1]).isEqualTo((byte) 12);
    }

    @Test
    void witnessFormHasMarkerFlagAndOneZeroReservedValueAndSameTxid() {
        byte[] raw = builder().build().assemble(new byte[4], Hex.decode("0000000000000007"));
        byte[] block = CoinbaseBuilder.withWitness(raw);
        assertThat(Arrays.copyOfRange(block, 4, 6)).containsExactly(0x00, 0x01);
        Transaction tx = Transaction.parse(block);
        assertThat(tx.inputs().getFirst().witness()).hasSize(1);
        assertThat(tx.inputs().getFirst().witness().getFirst()).isEqualTo(new byte[32]);
        assertThat(tx.txid()).isEqualTo(Sha256.sha256d(raw));
        assertThat(tx.serialize(false)).isEqualTo(raw);
        assertThat(block).hasSize(raw.length + 2 + 1 + 1 + 32);
        assertThatThrownBy(() -> CoinbaseBuilder.withWitness(block)).hasMessageContaining("already");
    }

    @Test
    void withoutTagOrCommitmentTheScriptSigIsHeightAndSlotOnly() {
        CoinbaseParts parts = new CoinbaseBuilder()
                .height(5)
                .extranonceSize(8)
                .outputs(List.of(new TxOut(50, P2WPKH)))
                .build();
        Transaction tx = Transaction.parse(parts.assemble(new byte[4], new byte[4]));
        assertThat(Hex.encode(tx.inputs().getFirst().scriptSig())).isEqualTo("55" + "08" + "00".repeat(8));
        assertThat(tx.outputs()).hasSize(1);
    }

    @Test
    void assembleRejectsWrongExtranonceLengths() {
        CoinbaseParts parts = builder().build();
        assertThatThrownBy(() -> parts.assemble(new byte[4], new byte[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12");
    }

    @Test
    void scriptSigOutsideTwoToHundredBytesAndMissingOutputsAreRejected() {
        assertThatThrownBy(() -> builder().tag(new byte[90]).build()).hasMessageContaining("2..100");
        assertThatThrownBy(() -> builder().outputs(List.of()).build()).hasMessageContaining("output");
        assertThatThrownBy(() -> new CoinbaseBuilder()
                        .extranonceSize(8)
                        .outputs(List.of(new TxOut(1, P2WPKH)))
                        .build())
                .hasMessageContaining("height");
        assertThatThrownBy(() -> builder().witnessCommitment(Hex.decode("6a0100")))
                .hasMessageContaining("6a24aa21a9ed");
        // longest allowed: 4 (height) + 1 + 12 + 2 + 81 = 100
        assertThat(builder().tag(new byte[81]).build().assembledLength()).isPositive();
        assertThatThrownBy(() -> builder().tag(new byte[82]).build()).hasMessageContaining("101 bytes");
    }
}
