package org.potluck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Transaction;
import org.potluck.bitcoin.TxIn;
import org.potluck.bitcoin.TxOut;

/**
 * A block's worth of made-up but well-formed transactions with mainnet's mix of shapes (mostly P2WPKH payments, some
 * taproot, some legacy, a few consolidations and batch payouts), so that a template's size, its merkle tree and its
 * witness commitment cost what they cost on mainnet. Deterministic for a given seed.
 */
public final class MempoolSample {
    /** One template entry: raw hex, txid and wtxid (display hex), fee and weight. */
    public record Entry(String dataHex, String txid, String wtxid, byte[] wtxidInternal, long fee, long weight) {}

    private final List<Entry> entries;
    private final long totalFees;
    private final String witnessCommitmentScriptHex;

    private MempoolSample(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        this.totalFees = entries.stream().mapToLong(Entry::fee).sum();
        this.witnessCommitmentScriptHex = commitmentScript(entries);
    }

    public static MempoolSample generate(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("transaction count must not be negative, got " + count);
        }
        Random random = new Random(seed);
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Transaction tx = shape(random);
            byte[] full = tx.serialize(true);
            byte[] stripped = tx.serialize(false);
            long weight = stripped.length * 3L + full.length;
            long feeRate = 1 + random.nextInt(40); // sat/vB
            byte[] txid = tx.txid();
            byte[] wtxid = tx.wtxid();
            entries.add(new Entry(
                    Hex.encode(full),
                    Hex.encode(Hex.reversed(txid)),
                    Hex.encode(Hex.reversed(wtxid)),
                    wtxid,
                    feeRate * ((weight + 3) / 4),
                    weight));
        }
        return new MempoolSample(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    public long totalFees() {
        return totalFees;
    }

    /** {@code default_witness_commitment}: OP_RETURN, push 36, aa21a9ed, sha256d(witness root || 32 zero bytes) (BIP141). */
    public String witnessCommitmentScriptHex() {
        return witnessCommitmentScriptHex;
    }

    public long totalWeight() {
        return entries.stream().mapToLong(Entry::weight).sum();
    }

    private static String commitmentScript(List<Entry> entries) {
        List<byte[]> wtxids = new ArrayList<>(entries.size() + 1);
        wtxids.add(new byte[32]); // BIP141: the coinbase's wtxid counts as 32 zero bytes
        entries.forEach(e -> wtxids.add(e.wtxidInternal()));
        byte[] root = Merkle.root(wtxids);
        byte[] commitment = Sha256.sha256d(root, new byte[32]);
        return "6a24aa21a9ed" + Hex.encode(commitment);
    }

    private static Transaction shape(Random r) {
        int roll = r.nextInt(100);
        if (roll < 55) {
            return segwitV0(r, 1, 2);
        } else if (roll < 72) {
            return segwitV0(r, 2, 2);
        } else if (roll < 82) {
            return taproot(r, 1 + r.nextInt(2), 1 + r.nextInt(2));
        } else if (roll < 92) {
            return legacy(r, 1 + r.nextInt(2), 2);
        } else if (roll < 97) {
            return segwitV0(r, 5 + r.nextInt(20), 1); // consolidation
        }
        return segwitV0(r, 1, 10 + r.nextInt(40)); // exchange batch payout
    }

    private static Transaction segwitV0(Random r, int inputs, int outputs) {
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            ins.add(new TxIn(
                    bytes(r, 32),
                    r.nextInt(4),
                    new byte[0],
                    0xfffffffdL,
                    List.of(derSignature(r), withPrefix(r, 0x02, 33))));
        }
        return new Transaction(2, ins, outputs(r, outputs, 0x00), 0);
    }

    private static Transaction taproot(Random r, int inputs, int outputs) {
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            ins.add(new TxIn(bytes(r, 32), r.nextInt(4), new byte[0], 0xfffffffdL, List.of(bytes(r, 64))));
        }
        return new Transaction(2, ins, outputs(r, outputs, 0x51), 0);
    }

    private static Transaction legacy(Random r, int inputs, int outputs) {
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            byte[] sig = derSignature(r);
            byte[] key = withPrefix(r, 0x03, 33);
            byte[] scriptSig = new byte[2 + sig.length + key.length];
            scriptSig[0] = (byte) sig.length;
            System.arraycopy(sig, 0, scriptSig, 1, sig.length);
            scriptSig[1 + sig.length] = (byte) key.length;
            System.arraycopy(key, 0, scriptSig, 2 + sig.length, key.length);
            ins.add(new TxIn(bytes(r, 32), r.nextInt(4), scriptSig, 0xffffffffL, List.of()));
        }
        List<TxOut> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            byte[] script = new byte[25]; // OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG
            script[0] = 0x76;
            script[1] = (byte) 0xa9;
            script[2] = 0x14;
            System.arraycopy(bytes(r, 20), 0, script, 3, 20);
            script[23] = (byte) 0x88;
            script[24] = (byte) 0xac;
            outs.add(new TxOut(546 + r.nextInt(50_000_000), script));
        }
        return new Transaction(1, ins, outs, 0);
    }

    /** Outputs of one witness version: 0x00 = P2WPKH (20-byte program), 0x51 = P2TR (32-byte program). */
    private static List<TxOut> outputs(Random r, int n, int versionOpcode) {
        int programLength = versionOpcode == 0 ? 20 : 32;
        List<TxOut> outs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] script = new byte[2 + programLength];
            script[0] = (byte) versionOpcode;
            script[1] = (byte) programLength;
            System.arraycopy(bytes(r, programLength), 0, script, 2, programLength);
            outs.add(new TxOut(546 + r.nextInt(100_000_000), script));
        }
        return outs;
    }

    /** A DER-shaped ECDSA signature with SIGHASH_ALL: 71 or 72 bytes like real ones (the bytes are random). */
    private static byte[] derSignature(Random r) {
        byte[] sig = bytes(r, 71 + r.nextInt(2));
        sig[0] = 0x30;
        sig[sig.length - 1] = 0x01;
        return sig;
    }

    private static byte[] withPrefix(Random r, int prefix, int length) {
        byte[] b = bytes(r, length);
        b[0] = (byte) prefix;
        return b;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
