package org.potluck.pool.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.Target;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.ShareCheck;
import org.potluck.core.ShareValidator;
import org.potluck.core.Submission;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.node.TemplateTx;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.JobBoard;
import org.potluck.stratum.StratumFormatException;
import org.potluck.stratum.StratumJson;
import org.potluck.stratum.Submit;
import tools.jackson.databind.node.ArrayNode;

/**
 * The submit path after parsing: fuzzed submit fields, extranonce sizes, version masks and difficulties against one
 * fixed mainnet-like job. {@link ShareValidator#check} must always return a verdict (never throw), and a "valid"
 * verdict must really meet the share target.
 *
 * <p>In the normal test run this replays the seeds in {@code SubmitPathFuzzTestInputs/} (Jazzer regression mode);
 * the pom's {@code fuzz-submit-path} execution fuzzes it for {@code maxDuration} in a JVM of its own. Longer:
 * {@code ./mvnw -pl potluck-pool surefire:test@fuzz-submit-path -Djazzer.max_duration=30m} (see README.md here).
 */
class SubmitPathFuzzTest {
    private static final String PAYOUT = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"; // BIP173 example address
    private static final Job JOB = job();

    private static Job job() {
        // Three made-up transactions are enough for a two-level merkle branch; the values are mainnet-like.
        List<TemplateTx> txs = List.of(
                new TemplateTx("00", "11".repeat(32), "11".repeat(32), 1000, 400),
                new TemplateTx("00", "22".repeat(32), "22".repeat(32), 2000, 400),
                new TemplateTx("00", "33".repeat(32), "33".repeat(32), 3000, 400));
        var template = new BlockTemplate(
                0x20000000,
                "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054",
                txs,
                312_500_000L,
                "17034219",
                null,
                1_700_000_000L,
                1_699_990_000L,
                840_000,
                "6a24aa21a9ed" + "00".repeat(32),
                null,
                List.of("segwit"));
        var board = new JobBoard(4 + 8, new byte[0], j -> {});
        WorkTemplate work = board.install(template);
        byte[] script = Address.toScriptPubKey(PAYOUT, Network.MAINNET);
        return board.jobFor(
                work, new PayoutPlan(List.of(new TxOut(312_500_000L, script)), List.of(PAYOUT), null, PAYOUT, 50));
    }

    @FuzzTest(maxDuration = "10s")
    void anySubmitAgainstAJobGetsAVerdictNeverAnException(FuzzedDataProvider data) {
        ArrayNode params = StratumJson.MAPPER.createArrayNode();
        params.add("worker");
        params.add(JOB.id());
        params.add(data.consumeBoolean() ? hex(data, data.consumeInt(0, 40)) : data.consumeString(20));
        params.add(data.consumeBoolean() ? String.format("%08x", data.consumeInt()) : data.consumeString(10));
        params.add(String.format("%08x", data.consumeInt()));
        if (data.consumeBoolean()) {
            params.add(data.consumeBoolean() ? String.format("%08x", data.consumeInt()) : data.consumeString(10));
        }
        Submit submit;
        try {
            submit = Submit.parse(params);
        } catch (StratumFormatException e) {
            return; // the parser's own fuzz target covers this side
        }
        byte[] extranonce1 = data.consumeBytes(4);
        // The pool always checks with the extranonce2 size its jobs were built for (4 + 8 bytes of extranonce space):
        // a different size here would break ShareValidator's contract, not find a bug. The submit's own extranonce2
        // length is what is fuzzed.
        int extranonce2Size = 8;
        int versionMask = data.consumeBoolean() ? 0x1fffe000 : data.consumeInt();
        double difficulty = data.consumeBoolean() ? 1e-10 : data.consumeRegularDouble(1e-12, 1e12);
        byte[] shareTarget = Target.toLittleEndian32(Target.fromDifficulty(difficulty));
        long now = data.consumeLong(0, 4_000_000_000L);

        // The submit as the Stratum v1 session hands it to the core: bytes and numbers.
        byte[] extranonce2 = Hex.decode(submit.extranonce2());
        Submission share = submit.versionBits() == null
                ? Submission.of(1, extranonce2, submit.ntime(), submit.nonce())
                : Submission.rolled(1, extranonce2, submit.ntime(), submit.nonce(), submit.versionBits());
        ShareCheck check =
                ShareValidator.check(JOB, share, pad(extranonce1), extranonce2Size, versionMask, shareTarget, now);

        assertThat(check).isNotNull();
        if (check.valid()) {
            assertThat(Target.meets(check.hash(), shareTarget)).isTrue();
            assertThat(submit.extranonce2()).hasSize(extranonce2Size * 2);
            assertThat(check.header()).hasSize(80);
        } else {
            assertThat(check.rejection()).isNotNull();
            assertThat(check.reason()).isNotBlank();
        }
    }

    private static byte[] pad(byte[] b) {
        return b.length == 4 ? b : java.util.Arrays.copyOf(b, 4);
    }

    private static String hex(FuzzedDataProvider data, int digits) {
        String alphabet = "0123456789abcdef";
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(alphabet.charAt(data.consumeInt(0, 15)));
        }
        return sb.toString();
    }
}
