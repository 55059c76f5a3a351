package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MerkleTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17})
    void branchThenRootFromBranchEqualsFullRoot(int others) {
        byte[] coinbase = Sha256.sha256(new byte[] {(byte) 0xcb});
        List<byte[]> txids = new ArrayList<>();
        for (int i = 0; i < others; i++) {
            txids.add(Sha256.sha256(new byte[] {(byte) i}));
        }
        List<byte[]> all = new ArrayList<>();
        all.add(coinbase);
        all.addAll(txids);
        List<byte[]> branch = Merkle.branch(txids);
        assertThat(branch).hasSize(others == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(others));
        assertThat(Merkle.rootFromBranch(coinbase, branch)).isEqualTo(Merkle.root(all));
    }

    @Test
    void singleTransactionRootIsItsTxid() {
        byte[] txid = Sha256.sha256(new byte[] {1});
        assertThat(Merkle.root(List.of(txid))).isEqualTo(txid);
        assertThat(Merkle.rootFromBranch(txid, List.of())).isEqualTo(txid);
    }

    // Block 100000 (mainnet): four txids and the header's merkle root, display order (from any block explorer).
    @Test
    void block100000MerkleRoot() {
        List<byte[]> txids = new ArrayList<>();
        for (String display : List.of(
                "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
                "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
                "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
                "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d")) {
            txids.add(BlockHeader.internalFromDisplay(display));
        }
        String expected = "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766";
        assertThat(BlockHeader.displayFromInternal(Merkle.root(txids))).isEqualTo(expected);
        List<byte[]> branch = Merkle.branch(txids.subList(1, 4));
        assertThat(BlockHeader.displayFromInternal(Merkle.rootFromBranch(txids.getFirst(), branch)))
                .isEqualTo(expected);
    }
}
