package org.potluck.verify;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToIntFunction;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.FinderBonus;
import org.potluck.accounting.PayoutCalculator;
import org.potluck.accounting.PayoutInputs;
import org.potluck.accounting.PayoutRules;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.PplnsWindow;
import org.potluck.accounting.WindowShare;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.accounting.published.U32Hex;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.CoinbaseBuilder;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;
import org.potluck.bitcoin.TxOut;

/**
 * A short pool history made the way the pool makes it: shares with real proof of work (ground at difficulty 2^-24,
 * about 256 hashes each),
 * jobs whose tables come from {@link PayoutCalculator} over those shares and a {@link CreditLedger} replayed over the
 * found blocks, coinbases built from the tables. A {@link Lies} hook lets a test make the pool dishonest at one point.
 *
 * <p>History: job j0 (height 101, empty window) with 20 shares; j1 (101) with 20 shares, the last finding block 101;
 * j2 (102, made for finder A) with 10 of A's shares, the last finding block 102; j3 (103) with 20 shares.
 */
final class PoolHistory {
    static final Network NETWORK = Network.REGTEST;
    /** Target 2^246: network difficulty 0xFFFF / 2^38 = 2.4E-7, so a window of 8 is about 32 shares of 2^-24. */
    static final int NBITS = 0x1f400000;

    static final int VERSION = 0x20000000;
    static final int VERSION_MASK = 0x1fffe000;
    static final int NTIME = 0x68400000;
    static final long REWARD = 5_000_000_000L;
    static final int MAX_OUTPUTS = 4;
    static final double SHARE_DIFFICULTY = Math.scalb(1.0, -24);
    static final String A = address(1);
    static final String B = address(2);
    static final String C = address(3);
    static final String D = address(4);
    static final String FEE = address(9);
    /** Who submits each share, over and over: A 40 %, B 30 %, C 20 %, D 10 % (at twice the difficulty). */
    private static final List<String> ROTATION = List.of(A, A, A, A, B, B, B, C, C, D);

    private static final byte[] WITNESS_COMMITMENT = Hex.decode("6a24aa21a9ed" + "00".repeat(32));

    /** Where a dishonest pool departs from the rule; the defaults are honest. */
    interface Lies {
        /** The difficulty published (and credited) for a share. */
        default double difficulty(long sequence, String address, double earned) {
            return earned;
        }

        /** The address the pool publishes (and credits) a share to. */
        default String address(long sequence, String earned) {
            return earned;
        }

        /**
         * The difficulty credited for a share the pool assigned {@code earned} and whose hash reached {@code reached}
         * (applied before {@link #difficulty}, which may lie beyond what the hash reached).
         */
        default double credited(long sequence, double earned, double reached) {
            return earned;
        }

        /** Whether the pool records share {@code sequence} once more, right after it (a replay credited twice). */
        default boolean replays(long sequence) {
            return false;
        }

        /** The table a job publishes and builds its coinbase from. */
        default PayoutTable table(String jobId, PayoutTable honest) {
            return honest;
        }

        /** The coinbase outputs a job really carries. */
        default List<TxOut> coinbase(String jobId, List<TxOut> fromTable) {
            return fromTable;
        }

        /** The coinbase outputs the pool reports for a found block. */
        default List<PublishedOutput> reportedBlockCoinbase(String jobId, List<PublishedOutput> real) {
            return real;
        }

        /** The record the pool publishes for a share (after the other lies about it). */
        default PublishedShare published(PublishedShare record) {
            return record;
        }
    }

    static final PayoutRules PAYOUT_RULES =
            new PayoutRules(100, FEE, 0, null, FinderBonus.basisPoints(50), MAX_OUTPUTS, 1000);
    static final PublishedRules RULES =
            PublishedRules.of("regtest", "pplns", BigDecimal.valueOf(8), PAYOUT_RULES, VERSION_MASK);
    /** Solo: each miner's coinbase pays itself, less the 1 % fee. */
    static final PublishedRules SOLO_RULES = PublishedRules.of(
            "regtest",
            "solo",
            BigDecimal.valueOf(8),
            new PayoutRules(100, FEE, 0, null, FinderBonus.none(), 2, 0),
            VERSION_MASK);

    /** What the pool publishes at /api/v1/rules. */
    final PublishedRules rules;

    final List<PublishedShare> shares = new ArrayList<>();
    final List<PublishedJob> jobs = new ArrayList<>();
    final List<PublishedBlock> blocks = new ArrayList<>();
    /** The set_difficulty each connection got: once per height and difficulty, just before its first share. */
    final List<PublishedDifficulty> difficulties = new ArrayList<>();
    /** Each block's coinbase outputs as they are on chain (what the miner's node reports). */
    final java.util.Map<String, List<PublishedOutput>> chain = new java.util.HashMap<>();
    /** The honest tables, for tests to compare with. */
    final java.util.Map<String, PayoutTable> honestTables = new java.util.HashMap<>();

    private final Lies lies;
    /** The record format the pool writes each share in (by sequence): 2 today, 1 before format 2 existed. */
    private final LongToIntFunction formatOf;

    private final java.util.Map<String, CoinbaseParts> coinbases = new java.util.HashMap<>();
    private final java.util.Map<String, List<PublishedOutput>> realOutputs = new java.util.HashMap<>();
    private final java.util.Map<String, PayoutTable> publishedTables = new java.util.HashMap<>();
    private CreditLedger ledger = CreditLedger.empty();

    private PoolHistory(Lies lies, PublishedRules rules, LongToIntFunction formatOf) {
        this.lies = lies;
        this.rules = rules;
        this.formatOf = formatOf;
    }

    static PoolHistory honest() {
        return of(new Lies() {});
    }

    static PoolHistory of(Lies lies) {
        return of(lies, sequence -> PublishedShare.FORMAT_2);
    }

    /** A history whose shares are recorded in the format {@code formatOf} gives for their sequence. */
    static PoolHistory of(Lies lies, LongToIntFunction formatOf) {
        PoolHistory h = new PoolHistory(lies, RULES, formatOf);
        PublishedJob j0 = h.job("j0", 101, null);
        h.mine(j0, 20, ROTATION, false);
        PublishedJob j1 = h.job("j1", 101, null);
        h.mine(j1, 20, ROTATION, true);
        PublishedJob j2 = h.job("j2", 102, A);
        h.mine(j2, 10, List.of(A), true);
        PublishedJob j3 = h.job("j3", 103, null);
        h.mine(j3, 20, ROTATION, false);
        return h;
    }

    /** A solo pool's history: A, B and C each mine 5 shares on a job at height 101 whose coinbase pays them. */
    static PoolHistory solo(Lies lies) {
        PoolHistory h = new PoolHistory(lies, SOLO_RULES, sequence -> PublishedShare.FORMAT_2);
        for (String miner : List.of(A, B, C)) {
            h.mine(h.soloJob("s" + ROTATION.indexOf(miner), 101, miner), 5, List.of(miner), false);
        }
        return h;
    }

    static String address(int n) {
        byte[] program = new byte[20];
        java.util.Arrays.fill(program, (byte) n);
        return Bech32.encodeSegwit(NETWORK.bech32Hrp(), 0, program);
    }

    private static String prevHash(int height) {
        return BlockHeader.displayFromInternal(
                Sha256.sha256(("block " + (height - 1)).getBytes(StandardCharsets.UTF_8)));
    }

    private static List<byte[]> branch() {
        return Merkle.branch(List.of(
                Sha256.sha256d("tx a".getBytes(StandardCharsets.UTF_8)),
                Sha256.sha256d("tx b".getBytes(StandardCharsets.UTF_8))));
    }

    private PublishedJob job(String id, int height, String finder) {
        long windowEnd = shares.size();
        BigDecimal size = PplnsWindow.windowSize(RULES.windowMultiplier(), NBITS);
        List<WindowShare> credited = shares.stream()
                .map(s -> WindowShare.of(s.sequence(), s.address(), s.difficulty()))
                .toList();
        PayoutTable honest = PayoutCalculator.compute(new PayoutInputs(
                REWARD, PplnsWindow.selectEndingAt(credited, windowEnd, size), ledger.credits(), finder, PAYOUT_RULES));
        honestTables.put(id, honest);
        PayoutTable table = lies.table(id, honest);
        publishedTables.put(id, table);
        List<TxOut> outs = lies.coinbase(
                id,
                table.outputs().stream()
                        .map(p -> new TxOut(p.sats(), Address.toScriptPubKey(p.address(), NETWORK)))
                        .toList());
        CoinbaseParts parts = new CoinbaseBuilder()
                .height(height)
                .extranonceSize(12)
                .outputs(outs)
                .witnessCommitment(WITNESS_COMMITMENT)
                .build();
        coinbases.put(id, parts);
        List<PublishedOutput> real = new ArrayList<>();
        outs.forEach(o -> real.add(new PublishedOutput(o.value(), Hex.encode(o.scriptPubKey()))));
        real.add(new PublishedOutput(0, Hex.encode(WITNESS_COMMITMENT)));
        realOutputs.put(id, real);
        PublishedJob job = PublishedJob.of(
                id,
                height,
                prevHash(height),
                VERSION,
                NBITS,
                NTIME,
                parts.coinb1(),
                parts.coinb2(),
                12,
                branch(),
                windowEnd,
                finder,
                MAX_OUTPUTS,
                table);
        jobs.add(job);
        return job;
    }

    private PublishedJob soloJob(String id, int height, String miner) {
        long fee = REWARD / 100;
        List<TxOut> outs = List.of(
                new TxOut(REWARD - fee, Address.toScriptPubKey(miner, NETWORK)),
                new TxOut(fee, Address.toScriptPubKey(FEE, NETWORK)));
        CoinbaseParts parts = new CoinbaseBuilder()
                .height(height)
                .extranonceSize(12)
                .outputs(outs)
                .witnessCommitment(WITNESS_COMMITMENT)
                .build();
        coinbases.put(id, parts);
        PublishedJob job = new PublishedJob(
                id,
                height,
                prevHash(height),
                U32Hex.format(VERSION),
                U32Hex.format(NBITS),
                U32Hex.format(NTIME),
                Hex.encode(parts.coinb1()),
                Hex.encode(parts.coinb2()),
                12,
                branch().stream().map(Hex::encode).toList(),
                REWARD,
                0,
                miner,
                2,
                List.of(
                        new org.potluck.accounting.published.PublishedPayout(miner, REWARD - fee, "MINER"),
                        new org.potluck.accounting.published.PublishedPayout(FEE, fee, "FEE")),
                List.of(),
                List.of());
        jobs.add(job);
        return job;
    }

    /** Grinds {@code count} shares on {@code job}; the last one also meets the network target when it finds a block. */
    private void mine(PublishedJob job, int count, List<String> miners, boolean lastFindsBlock) {
        for (int i = 0; i < count; i++) {
            long sequence = shares.size() + 1;
            String address = miners.get((int) ((sequence - 1) % miners.size()));
            double difficulty = address.equals(D) ? 2 * SHARE_DIFFICULTY : SHARE_DIFFICULTY;
            boolean block = lastFindsBlock && i == count - 1;
            byte[] extranonce1 = Hex.decode("0000000" + ROTATION.indexOf(address));
            byte[] extranonce2 = Hex.decode(String.format("%016x", sequence));
            Integer versionBits = sequence % 3 == 0 ? 0x00004000 : null;
            int version = versionBits == null ? VERSION : (VERSION & ~VERSION_MASK) | (versionBits & VERSION_MASK);
            byte[] root = Merkle.rootFromBranch(
                    Sha256.sha256d(coinbases.get(job.jobId()).assemble(extranonce1, extranonce2)), branch());
            byte[] header =
                    BlockHeader.build(version, BlockHeader.internalFromDisplay(job.prevHash()), root, NTIME, NBITS, 0);
            java.math.BigInteger target = block ? Target.fromBits(NBITS) : Target.fromDifficulty(difficulty);
            int nonce = 0;
            byte[] hash = BlockHeader.hash(header);
            while (!Target.meets(hash, target)) {
                BlockHeader.setNonce(header, ++nonce);
                hash = BlockHeader.hash(header);
            }
            String blockHash = block ? BlockHeader.displayFromInternal(hash) : null;
            Instant time = Instant.parse("2025-06-01T12:00:00Z").plusSeconds(sequence);
            assign(Hex.encode(extranonce1), job, difficulty, time.minusMillis(500));
            double credited = lies.credited(sequence, difficulty, Target.difficultyOfHash(hash));
            String payee = lies.address(sequence, address);
            double published = lies.difficulty(sequence, address, credited);
            PublishedShare share = lies.published(
                    formatOf.applyAsInt(sequence) == PublishedShare.FORMAT_1
                            ? PublishedShare.formatOne(
                                    sequence,
                                    time,
                                    payee,
                                    "rig",
                                    job.jobId(),
                                    Hex.encode(extranonce1),
                                    Hex.encode(extranonce2),
                                    U32Hex.format(NTIME),
                                    U32Hex.format(nonce),
                                    versionBits == null ? null : U32Hex.format(versionBits),
                                    published,
                                    block,
                                    blockHash)
                            : PublishedShare.formatTwo(
                                    sequence,
                                    time,
                                    payee,
                                    "rig",
                                    job.jobId(),
                                    "sv1",
                                    Hex.encode(extranonce1),
                                    Hex.encode(extranonce1) + Hex.encode(extranonce2),
                                    version,
                                    NTIME,
                                    nonce,
                                    published,
                                    block,
                                    blockHash));
            shares.add(share);
            if (lies.replays(sequence)) {
                shares.add(new PublishedShare(
                        sequence + 1,
                        share.time().plusMillis(500),
                        address,
                        share.worker(),
                        share.jobId(),
                        share.format(),
                        share.protocol(),
                        share.channel(),
                        share.extranonce(),
                        share.version(),
                        share.extranonce1(),
                        share.extranonce2(),
                        share.ntime(),
                        share.nonce(),
                        share.versionBits(),
                        share.difficulty(),
                        false,
                        null));
            }
            if (block) {
                blocks.add(new PublishedBlock(
                        job.height(),
                        blockHash,
                        job.jobId(),
                        sequence,
                        address,
                        true,
                        lies.reportedBlockCoinbase(job.jobId(), realOutputs.get(job.jobId()))));
                chain.put(blockHash, realOutputs.get(job.jobId()));
                ledger = ledger.afterBlock(publishedTables.get(job.jobId()), job.height());
            }
        }
    }

    /** The pool's set_difficulty to a connection, recorded the first time it mines at this height and difficulty. */
    private void assign(String extranonce1, PublishedJob job, double difficulty, Instant time) {
        boolean known = difficulties.stream()
                .anyMatch(d -> d.extranonce1().equals(extranonce1)
                        && d.height() == job.height()
                        && d.difficulty() == difficulty);
        if (!known) {
            difficulties.add(new PublishedDifficulty(
                    difficulties.size() + 1, time, extranonce1, job.height(), job.jobId(), difficulty));
        }
    }

    PublishedJob job(String id) {
        return jobs.stream().filter(j -> j.jobId().equals(id)).findFirst().orElseThrow();
    }
}
