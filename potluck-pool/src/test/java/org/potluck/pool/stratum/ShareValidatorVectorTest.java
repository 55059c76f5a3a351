package org.potluck.pool.stratum;

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
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.share.Rejection;
import org.potluck.pool.share.ShareCheck;
import org.potluck.pool.share.ShareValidator;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.WorkTemplate;
import org.potluck.stratum.StratumFormatException;
import org.potluck.stratum.StratumJson;
import org.potluck.stratum.Submit;
import tools.jackson.databind.JsonNode;

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
    private static Job job;
    private static byte[] extranonce1;
    private static String extranonce2;
    private static int ntime;

    @BeforeAll
    static void buildTheJob() throws IOException {
        vector = StratumJson.MAPPER.readTree(Files.readString(VECTOR));
        JsonNode notify = vector.get("notify");
        byte[] coinbase = Hex.decode(vector.get("coinbase_tx").asString());
        int extranonceEnd = EXTRANONCE_OFFSET + 4 + EXTRANONCE2_SIZE;
        var parts = new CoinbaseParts(Arrays.copyOfRange(coinbase, 0, EXTRANONCE_OFFSET),
                Arrays.copyOfRange(coinbase, extranonceEnd, coinbase.length), 4 + EXTRANONCE2_SIZE);
        extranonce1 = Arrays.copyOfRange(coinbase, EXTRANONCE_OFFSET, EXTRANONCE_OFFSET + 4);
        extranonce2 = Hex.encode(Arrays.copyOfRange(coinbase, EXTRANONCE_OFFSET + 4, extranonceEnd));

        List<String> branchHex = new ArrayList<>();
        notify.get("merkle_branch").forEach(b -> branchHex.add(b.asString()));
        int nbits = Integer.parseUnsignedInt(notify.get("nbits").asString(), 16);
        ntime = Integer.parseUnsignedInt(notify.get("ntime").asString(), 16);
        String prevNotify = notify.get("prevhash").asString();
        var networkTarget = Target.fromBits(nbits);
        var template = new WorkTemplate(1, 791433, vector.get("expect").get("prevhash_display").asString(),
                BlockHeader.prevHashFromNotify(prevNotify), prevNotify,
                Integer.parseUnsignedInt(notify.get("version").asString(), 16), nbits, ntime, ntime - 3600L, 0,
                branchHex.stream().map(Hex::decode).toList(), branchHex, List.of(), null, networkTarget,
                Target.toLittleEndian32(networkTarget));
        job = Job.of("1", template, new PayoutPlan(List.of(), List.of(), null, null, 0), parts);
    }

    private static ShareCheck check(String nonce, double difficulty) throws StratumFormatException {
        var params = StratumJson.MAPPER.createArrayNode().add("miner").add("1").add(extranonce2)
                .add(vector.get("notify").get("ntime").asString()).add(nonce);
        return ShareValidator.check(job, Submit.parse(params), extranonce1, EXTRANONCE2_SIZE, 0,
                Target.toLittleEndian32(Target.fromDifficulty(difficulty)), Integer.toUnsignedLong(ntime));
    }

    @Test
    void realMainnetShareRebuildsTheHeaderByteForByteAndMeetsItsDifficulty() throws Exception {
        JsonNode expect = vector.get("expect");
        ShareCheck check = check(vector.get("nonce").asString(), expect.get("share_difficulty_floor").asDouble());
        assertThat(check.valid()).as("rejected: %s", check.reason()).isTrue();
        assertThat(Hex.encode(check.header())).isEqualTo(expect.get("header").asString());
        assertThat(BlockHeader.displayFromInternal(check.hash())).isEqualTo(expect.get("hash_display").asString());
        assertThat(check.hashDifficulty()).isGreaterThanOrEqualTo(expect.get("share_difficulty_floor").asDouble());
        assertThat(check.meetsNetworkTarget()).as("a share, not a block").isFalse();
    }

    @Test
    void theSameShareAtAHigherDifficultyThanItsHashIsLowDifficulty() throws Exception {
        ShareCheck check = check(vector.get("nonce").asString(), 684);
        assertThat(check.rejection()).isEqualTo(Rejection.LOW_DIFFICULTY);
    }

    @Test
    void extranonceSizesThatDoNotFillTheJobsSlotAreARejectNotAnException() throws Exception {
        var params = StratumJson.MAPPER.createArrayNode().add("miner").add("1").add(extranonce2 + "00")
                .add(vector.get("notify").get("ntime").asString()).add(vector.get("nonce").asString());
        ShareCheck check = ShareValidator.check(job, Submit.parse(params), extranonce1, EXTRANONCE2_SIZE + 1, 0,
                Target.toLittleEndian32(Target.fromDifficulty(1)), Integer.toUnsignedLong(ntime));
        assertThat(check.rejection()).isEqualTo(Rejection.MALFORMED_SUBMIT);
        assertThat(check.reason()).contains("do not fill this job's 12-byte extranonce slot");
    }

    @Test
    void oneChangedNonceByteFailsTheShare() throws Exception {
        String nonce = vector.get("nonce").asString();
        String changed = nonce.substring(0, 6) + (nonce.endsWith("00") ? "01" : "00");
        ShareCheck check = check(changed, vector.get("expect").get("share_difficulty_floor").asDouble());
        assertThat(check.valid()).isFalse();
        assertThat(check.rejection()).isEqualTo(Rejection.LOW_DIFFICULTY);
        assertThat(check.reason()).startsWith("low difficulty share");
    }
}
