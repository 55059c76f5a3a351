package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionTest {
    // The genesis block's coinbase; its txid is the genesis merkle root 4a5e1e4b...a33b (display order).
    static final String GENESIS_COINBASE = "01000000010000000000000000000000000000000000000000000000000000000000000000"
            + "ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e2062"
            + "72696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678a"
            + "fdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7"
            + "ba0b8d578a4c702b6bf11d5fac00000000";

    @Test
    void genesisCoinbaseTxidIsTheGenesisMerkleRoot() {
        Transaction tx = Transaction.parse(Hex.decode(GENESIS_COINBASE));
        assertThat(BlockHeader.displayFromInternal(tx.txid()))
                .isEqualTo("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
        assertThat(tx.wtxid()).isEqualTo(tx.txid());
        assertThat(tx.outputs().getFirst().value()).isEqualTo(50_0000_0000L);
        assertThat(Hex.encode(tx.serialize(true))).isEqualTo(GENESIS_COINBASE);
    }

    @Test
    void witnessFormRoundTripsAndKeepsTxid() {
        TxIn in = new TxIn(
                Hex.decode("11".repeat(32)),
                3,
                new byte[0],
                0xfffffffdL,
                List.of(Hex.decode("3044"), Hex.decode("02aa")));
        Transaction tx =
                new Transaction(2, List.of(in), List.of(new TxOut(1234, Hex.decode("0014" + "22".repeat(20)))), 99);
        byte[] withWitness = tx.serialize(true);
        byte[] legacy = tx.serialize(false);
        assertThat(Hex.encode(withWitness)).startsWith("020000000001");
        assertThat(withWitness.length).isEqualTo(legacy.length + 2 + 1 + 3 + 3);
        Transaction parsed = Transaction.parse(withWitness);
        assertThat(parsed).isEqualTo(tx);
        assertThat(parsed.txid()).isEqualTo(Sha256.sha256d(legacy));
        assertThat(parsed.wtxid()).isEqualTo(Sha256.sha256d(withWitness)).isNotEqualTo(parsed.txid());
        assertThat(Transaction.parse(legacy).inputs().getFirst().witness()).isEmpty();
    }

    @Test
    void parseRejectsTruncatedTrailingAndBadFlag() {
        byte[] raw = Hex.decode(GENESIS_COINBASE);
        assertThatThrownBy(() -> Transaction.parse(java.util.Arrays.copyOf(raw, raw.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Transaction.parse(java.util.Arrays.copyOf(raw, raw.length + 1)))
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> Transaction.parse(Hex.decode("020000000002" + "00".repeat(10))))
                .hasMessageContaining("flag");
        assertThatThrownBy(() -> Transaction.parse(Hex.decode("01000000ff" + "ffffffffffffff7f")))
                .hasMessageContaining("truncated");
    }
}
