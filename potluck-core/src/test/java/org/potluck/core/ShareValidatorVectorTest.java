package org.potluck.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pool's share check on a real mainnet share: vectors/sv1-share-height-791433.json (repository root) (a difficulty-683
 * share on the work for block 791433, with every intermediate value).
 */
class ShareValidatorVectorTest {
    private static final Path VECTOR = Path.of("..", "vectors", "sv1-share-height-791433.json");
    /**
     * The vector gives the whole coinbase, not where the pool cut it. Any 12 bytes can play extranonce1 (4) and
     * extranonce2 (8) for the check; these are the 12 bytes of the scriptSig after the merged-mining commitment.
     */
    private static final int EXTRANONCE_OFFSET = 90;

    private static final int EXTRANONCE2_SIZE = 8;

    private static JsonNode vector;
    private static TestJob job;
    private static byte[] extranonce1;
    private static byte[] extranonce2;
    private static int ntime;

    @BeforeAll
    static void buildTheJob() throws IOException {
        vector = JsonMapper.builder().build().readTree(Files.readString(VECTOR));
        JsonNode notify = vector.get("notify");
        byte[] coinbase = Hex.decode(vector.get("coinbase_tx").asString());
        int extranonceEnd = EXTRANONCE_OFFSET + 4 + EXTRANONCE2_SIZE;
        var parts = new CoinbaseParts(
                Arrays.copyOfRange(coinbase, 0, EXTRANONCE_OFFSET),
                Arrays.copyOfRange(coinbase, extranonceEnd, coinbase.length),
                4 + EXTRANONCE2_SIZE);
        extranonce1 = Arrays.copyOfRange(coinbase, EXTRANONCE_OFFSET, EXTRANONCE_OFFSET + 4);
        extranonce2 = Arrays.copyOfRange(coinbase, EXTRANONCE_OFFSET + 4, extranonceEnd);

        List<String> branchHex = new ArrayList<>();
        notify.get("merkle_branch").forEach(b -> branchHex.add(b.asString()));
        int nbits = Integer.parseUnsignedInt(notify.get("nbits").asString(), 16);
        ntime = Integer.parseUnsignedInt(notify.get("ntime").asString(), 16);
        String prevNotify = notify.get("prevhash").asString();
        var networkTarget = Target.fromBits(nbits);
        var template = new WorkTemplate(
                1,
                791433,
                vector.get("expect").get("prevhash_display").asString(),
                BlockHeader.prevHashFromNotify(prevNotify),
                Integer.parseUnsignedInt(notify.get("version").asString(), 16),
                nbits,
                ntime,
                ntime - 3600L,
                0,
                branchHex.stream().map(Hex::decode).toList(),
                List.of(),
                null,
                networkTarget,
                Target.toLittleEndian32(networkTarget));
        job = new TestJob("1", template, parts);
    }

    private static ShareCheck check(String nonce, double difficulty) {
        var share = Submission.of(1, extranonce2, ntime, Integer.parseUnsignedInt(nonce, 16));
        return ShareValidator.check(
                job,
                share,
                extranonce1,
                EXTRANONCE2_SIZE,
                0,
                Target.toLittleEndian32(Target.fromDifficulty(difficulty)),
                Integer.toUnsignedLong(ntime));
    }

    @Test
    void realMainnetShareRebuildsTheHeaderByteForByteAndMeetsItsDifficulty() {
        JsonNode expect = vector.get("expect");
        ShareCheck check = check(
                vector.get("nonce").asString(),
                expect.get("share_difficulty_floor").asDouble());
        assertThat(check.valid()).as("rejected: %s", check.reason()).isTrue();
        assertThat(Hex.encode(check.header())).isEqualTo(expect.get("header").asString());
        assertThat(BlockHeader.displayFromInternal(check.hash()))
                .isEqualTo(expect.get("hash_display").asString());
        assertThat(check.hashDifficulty())
                .isGreaterThanOrEqualTo(expect.get("share_difficulty_floor").asDouble());
        assertThat(check.meetsNetworkTarget()).as("a share, not a block").isFalse();
    }

    @Test
    void theSameShareAtAHigherDifficultyThanItsHashIsLowDifficulty() {
        ShareCheck check = check(vector.get("nonce").asString(), 684);
        assertThat(check.rejection()).isEqualTo(Rejection.LOW_DIFFICULTY);
    }

    @Test
    void extranonceSizesThatDoNotFillTheJobsSlotAreARejectNotAnException() {
        byte[] longer = Arrays.copyOf(extranonce2, EXTRANONCE2_SIZE + 1);
        var share = Submission.of(
                1, longer, ntime, Integer.parseUnsignedInt(vector.get("nonce").asString(), 16));
        ShareCheck check = ShareValidator.check(
                job,
                share,
                extranonce1,
                EXTRANONCE2_SIZE + 1,
                0,
                Target.toLittleEndian32(Target.fromDifficulty(1)),
                Integer.toUnsignedLong(ntime));
        assertThat(check.rejection()).isEqualTo(Rejection.MALFORMED_SUBMIT);
        assertThat(check.reason()).contains("do not fill this job's 12-byte extranonce slot");
    }

    @Test
    void oneChangedNonceByteFailsTheShare() {
        String nonce = vector.get("nonce").asString();
        String changed = nonce.substring(0, 6) + (nonce.endsWith("00") ? "01" : "00");
        ShareCheck check = check(
                changed, vector.get("expect").get("share_difficulty_floor").asDouble());
        assertThat(check.valid()).isFalse();
        assertThat(check.rejection()).isEqualTo(Rejection.LOW_DIFFICULTY);
        assertThat(check.reason()).startsWith("low difficulty share");
    }
}
