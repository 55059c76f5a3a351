package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real mainnet share in vectors/sv1-share-height-791433.json at the repository root (a copy of the team's
 * shared/vectors file, so that a clean clone has it), checked byte for byte.
 */
class Sv1ShareVectorTest {
    private static String json;

    @BeforeAll
    static void load() throws IOException {
        json = Files.readString(sharedVectors().resolve("sv1-share-height-791433.json"));
    }

    /** Walks up from the module directory to the repository root, which holds vectors/. */
    static Path sharedVectors() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no vectors folder above " + dir);
    }

    private static String field(String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("field " + name + " missing in vector");
        }
        return m.group(1);
    }

    private static int number(String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("field " + name + " missing in vector");
        }
        return Integer.parseInt(m.group(1));
    }

    private static List<byte[]> branch() {
        Matcher array =
                Pattern.compile("\"merkle_branch\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!array.find()) {
            throw new IllegalStateException("merkle_branch missing in vector");
        }
        List<byte[]> out = new ArrayList<>();
        Matcher item = Pattern.compile("\"([0-9a-f]{64})\"").matcher(array.group(1));
        while (item.find()) {
            out.add(Hex.decode(item.group(1)));
        }
        return out;
    }

    private static int u32(String name) {
        return (int) Long.parseLong(field(name), 16);
    }

    private static byte[] header() {
        byte[] coinbase = Hex.decode(field("coinbase_tx"));
        byte[] root = Merkle.rootFromBranch(Sha256.sha256d(coinbase), branch());
        return BlockHeader.build(
                u32("version"),
                BlockHeader.prevHashFromNotify(field("prevhash")),
                root,
                u32("ntime"),
                u32("nbits"),
                u32("nonce"));
    }

    @Test
    void coinbaseParsesAndReserializesToTheSameBytes() {
        byte[] raw = Hex.decode(field("coinbase_tx"));
        Transaction tx = Transaction.parse(raw);
        assertThat(tx.inputs()).hasSize(1);
        assertThat(tx.outputs()).hasSize(3);
        assertThat(tx.inputs().getFirst().scriptSig()).startsWith(ScriptNumber.heightPush(791433));
        assertThat(Hex.encode(tx.serialize(true))).isEqualTo(field("coinbase_tx"));
    }

    @Test
    void coinbaseTxidMatchesVector() {
        Transaction tx = Transaction.parse(Hex.decode(field("coinbase_tx")));
        assertThat(Hex.encode(tx.txid())).isEqualTo(field("coinbase_txid_internal"));
        assertThat(Hex.encode(Sha256.sha256d(Hex.decode(field("coinbase_tx")))))
                .isEqualTo(field("coinbase_txid_internal"));
    }

    @Test
    void merkleRootFromBranchMatchesVector() {
        byte[] root = Merkle.rootFromBranch(Hex.decode(field("coinbase_txid_internal")), branch());
        assertThat(Hex.encode(root)).isEqualTo(field("merkle_root_internal"));
    }

    @Test
    void notifyPrevHashConvertsToDisplayAndBack() {
        byte[] internal = BlockHeader.prevHashFromNotify(field("prevhash"));
        assertThat(BlockHeader.displayFromInternal(internal)).isEqualTo(field("prevhash_display"));
        assertThat(BlockHeader.notifyPrevHash(field("prevhash_display"))).isEqualTo(field("prevhash"));
    }

    @Test
    void headerIsByteForByteTheVector() {
        assertThat(Hex.encode(header())).isEqualTo(field("header"));
    }

    @Test
    void headerHashMatchesVector() {
        assertThat(BlockHeader.displayFromInternal(BlockHeader.hash(header()))).isEqualTo(field("hash_display"));
    }

    @Test
    void shareMeetsItsDifficultyFloorButNotOneMore() {
        byte[] hash = BlockHeader.hash(header());
        int floor = number("share_difficulty_floor");
        assertThat((int) Math.floor(Target.difficultyOfHash(hash))).isEqualTo(floor);
        assertThat(Target.meets(hash, Target.fromDifficulty(floor))).isTrue();
        assertThat(Target.meets(hash, Target.fromDifficulty(floor + 1))).isFalse();
        assertThat(Target.meets(hash, Target.toLittleEndian32(Target.fromDifficulty(floor))))
                .isTrue();
        assertThat(Target.meets(hash, Target.toLittleEndian32(Target.fromDifficulty(floor + 1))))
                .isFalse();
        // but far from the network target of its nBits
        assertThat(Target.meets(hash, Target.fromBits(u32("nbits")))).isFalse();
    }

    @Test
    void coinbaseCutAtAnyPointReassemblesToTheVector() {
        byte[] raw = Hex.decode(field("coinbase_tx"));
        // The scriptSig starts at offset 42; cut out 12 bytes after the 4-byte height push as a pool would.
        int slot = 42 + 4;
        CoinbaseParts parts = new CoinbaseParts(
                java.util.Arrays.copyOf(raw, slot), java.util.Arrays.copyOfRange(raw, slot + 12, raw.length), 12);
        byte[] en1 = java.util.Arrays.copyOfRange(raw, slot, slot + 4);
        byte[] en2 = java.util.Arrays.copyOfRange(raw, slot + 4, slot + 12);
        assertThat(parts.assemble(en1, en2)).isEqualTo(raw);
    }
}
