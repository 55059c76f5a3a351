package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.node.TemplateTx;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.JobBoard;
import org.potluck.stratum.Notify;
import org.potluck.stratum.StratumMessages;

/** The Stratum v1 skin's one serialization per job: spliced per session, equal to a notify written out in full. */
class NotifyLinesTest {
    private static final String A = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"; // BIP173 example address
    private static final String PREV_HASH = "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054";

    private final JobBoard board = new JobBoard(12, new byte[0], j -> {});
    private final NotifyLines lines = new NotifyLines();

    private static BlockTemplate template(String prevHash) {
        List<TemplateTx> txs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String id = String.format("%02x", i).repeat(32);
            txs.add(new TemplateTx("00", id, id, 1000L * i, 400));
        }
        return new BlockTemplate(
                0x20000000,
                prevHash,
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
    }

    private static PayoutPlan plan() {
        return new PayoutPlan(
                List.of(new TxOut(312_500_000L, Address.toScriptPubKey(A, Network.MAINNET))),
                List.of(A),
                null,
                null,
                10);
    }

    /** The notify as protocol-notes spell it out, field by field, with nothing cached. */
    private static String fullNotify(Job job, String sessionJobId, boolean clean) {
        WorkTemplate t = job.template();
        // mining.notify's prevhash: the internal byte order with each 4-byte word reversed.
        byte[] internal = Hex.reversed(Hex.decode(t.prevHashDisplay()));
        StringBuilder prev = new StringBuilder();
        for (int word = 0; word < 32; word += 4) {
            for (int i = 3; i >= 0; i--) {
                prev.append(String.format("%02x", internal[word + i]));
            }
        }
        return StratumMessages.notify(new Notify(
                sessionJobId,
                prev.toString(),
                Hex.encode(job.coinbase().coinb1()),
                Hex.encode(job.coinbase().coinb2()),
                t.merkleBranch().stream().map(Hex::encode).toList(),
                String.format("%08x", t.version()),
                String.format("%08x", t.nbits()),
                String.format("%08x", t.curTime()),
                clean));
    }

    @Test
    void splicedNotifyEqualsTheFullySerializedNotifyForEverySessionJobId() {
        WorkTemplate work = board.install(template(PREV_HASH));
        Job job = board.jobFor(work, plan());
        for (boolean clean : new boolean[] {true, false}) {
            for (String sessionJobId : List.of("1", "a", "3e8")) {
                assertThat(new String(lines.of(job).encode(sessionJobId, clean), StandardCharsets.UTF_8))
                        .isEqualTo(fullNotify(job, sessionJobId, clean));
            }
        }
    }

    @Test
    void aJobOnTheCurrentTemplateIsSerializedOnceAndAJobOnAnOlderOneStillGetsItsOwnLine() {
        WorkTemplate older = board.install(template(PREV_HASH));
        Job oldJob = board.jobFor(older, plan());
        WorkTemplate newer = board.install(template("00".repeat(31) + "01"));
        Job newJob = board.jobFor(newer, plan());

        assertThat(lines.of(newJob)).isSameAs(lines.of(newJob));
        // A session given work on the older template during a change: its own line, and the current one stays kept.
        assertThat(new String(lines.of(oldJob).encode("2", true), StandardCharsets.UTF_8))
                .isEqualTo(fullNotify(oldJob, "2", true));
        assertThat(lines.of(newJob)).isSameAs(lines.of(newJob));
    }
}
