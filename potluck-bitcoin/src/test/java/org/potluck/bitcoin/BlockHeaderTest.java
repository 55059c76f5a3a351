package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockHeaderTest {
    // Mainnet genesis header fields and hash (Bitcoin Core chainparams).
    private static byte[] genesisHeader() {
        byte[] root =
                Transaction.parse(Hex.decode(TransactionTest.GENESIS_COINBASE)).txid();
        return BlockHeader.build(1, new byte[32], root, 1231006505, 0x1d00ffff, 2083236893);
    }

    @Test
    void genesisHeaderHashesToTheGenesisBlockHash() {
        byte[] header = genesisHeader();
        assertThat(header).hasSize(80);
        assertThat(BlockHeader.displayFromInternal(BlockHeader.hash(header)))
                .isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertThat(Target.meets(BlockHeader.hash(header), Target.fromBits(0x1d00ffff)))
                .isTrue();
    }

    @Test
    void setNonceRewritesOnlyTheLastFourBytes() {
        byte[] header = genesisHeader();
        byte[] other = header.clone();
        BlockHeader.setNonce(other, 0x01020304);
        assertThat(java.util.Arrays.copyOf(other, 76)).isEqualTo(java.util.Arrays.copyOf(header, 76));
        assertThat(Hex.encode(java.util.Arrays.copyOfRange(other, 76, 80))).isEqualTo("04030201");
    }

    @Test
    void badLengthsAreRejected() {
        assertThatThrownBy(() -> BlockHeader.build(1, new byte[31], new byte[32], 0, 0, 0))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> BlockHeader.prevHashFromNotify("abcd")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> BlockHeader.hash(new byte[79])).hasMessageContaining("80 bytes");
    }

    @Test
    void genesisBlockSerializesWithTransactionCount() {
        byte[] coinbase = Hex.decode(TransactionTest.GENESIS_COINBASE);
        byte[] block = Block.serialize(genesisHeader(), coinbase, List.of());
        assertThat(block).hasSize(80 + 1 + coinbase.length);
        assertThat(block[80]).isEqualTo((byte) 1);
        byte[] other = Hex.decode("abcd");
        byte[] two = Block.serialize(genesisHeader(), coinbase, List.of(other, other));
        assertThat(two[80]).isEqualTo((byte) 3);
        assertThat(Hex.encode(two)).endsWith(TransactionTest.GENESIS_COINBASE + "abcdabcd");
    }
}
