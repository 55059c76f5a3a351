package org.potluck.bitcoin;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a pool coinbase cut into coinb1/coinb2 around the extranonce slot. The slot sits inside the scriptSig as
 * a single direct push, so every extranonce value gives a valid, same-length transaction.
 */
public final class CoinbaseBuilder {
    /** Version 2: nothing in a coinbase needs BIP68, and 2 is what Bitcoin Core itself uses. */
    public static final int VERSION = 2;

    private static final byte[] COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};
    private static final int MAX_DIRECT_PUSH = 75;

    private Integer height;
    private int extranonceSize = -1;
    private byte[] tag = new byte[0];
    private List<TxOut> outputs = List.of();
    private byte[] witnessCommitment;

    public CoinbaseBuilder height(int h) {
        if (h < 0) {
            throw new IllegalArgumentException("block height must not be negative: " + h);
        }
        this.height = h;
        return this;
    }

    /** Total extranonce bytes (extranonce1 + extranonce2), e.g. 4 + 8 = 12; pushed with one direct-push opcode. */
    public CoinbaseBuilder extranonceSize(int n) {
        if (n < 1 || n > MAX_DIRECT_PUSH) {
            throw new IllegalArgumentException("extranonce size must be 1.." + MAX_DIRECT_PUSH + " bytes, got " + n);
        }
        this.extranonceSize = n;
        return this;
    }

    /** Optional pool tag pushed after the extranonce; empty by default. */
    public CoinbaseBuilder tag(byte[] tag) {
        this.tag = tag == null ? new byte[0] : tag.clone();
        return this;
    }

    public CoinbaseBuilder outputs(List<TxOut> outs) {
        this.outputs = outs == null ? List.of() : List.copyOf(outs);
        return this;
    }

    /** The template's default_witness_commitment scriptPubKey, added as the last, zero-value output; null for none. */
    public CoinbaseBuilder witnessCommitment(byte[] scriptPubKey) {
        if (scriptPubKey != null) {
            if (scriptPubKey.length < 38 || !startsWith(scriptPubKey, COMMITMENT_HEADER)) {
                throw new IllegalArgumentException("witness commitment must be a scriptPubKey of at least 38 bytes "
                        + "starting 6a24aa21a9ed (BIP141), got " + Hex.encode(scriptPubKey));
            }
            scriptPubKey = scriptPubKey.clone();
        }
        this.witnessCommitment = scriptPubKey;
        return this;
    }

    public CoinbaseParts build() {
        if (height == null) {
            throw new IllegalArgumentException("coinbase height not set");
        }
        if (extranonceSize < 0) {
            throw new IllegalArgumentException("coinbase extranonce size not set");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("coinbase needs at least one output");
        }
        byte[] heightPush = ScriptNumber.heightPush(height);
        byte[] tagPush = push(tag);
        int scriptSigLength = heightPush.length + 1 + extranonceSize + tagPush.length;
        if (scriptSigLength < 2 || scriptSigLength > 100) {
            throw new IllegalArgumentException("coinbase scriptSig would be " + scriptSigLength
                    + " bytes; consensus allows 2..100 (shorten the tag or extranonce)");
        }
        List<TxOut> allOutputs = new ArrayList<>(outputs);
        if (witnessCommitment != null) {
            allOutputs.add(new TxOut(0, witnessCommitment));
        }

        ByteWriter head = new ByteWriter(128);
        head.i32le(VERSION)
                .compactSize(1)
                .bytes(new byte[32])
                .u32le(0xffffffffL)
                .compactSize(scriptSigLength)
                .bytes(heightPush)
                .u8(extranonceSize);
        ByteWriter tail = new ByteWriter(64 + allOutputs.size() * 40);
        tail.bytes(tagPush).u32le(0xffffffffL).compactSize(allOutputs.size());
        for (TxOut out : allOutputs) {
            tail.u64le(out.value()).varBytes(out.scriptPubKey());
        }
        tail.u32le(0);
        return new CoinbaseParts(head.toByteArray(), tail.toByteArray(), extranonceSize);
    }

    /**
     * The block form of a coinbase: BIP144 marker/flag and one witness stack holding the 32-byte all-zero witness
     * reserved value (BIP141). The txid is unchanged; only the wtxid (defined as zero for coinbases) differs.
     */
    public static byte[] withWitness(byte[] nonWitnessCoinbase) {
        Transaction tx = Transaction.parse(nonWitnessCoinbase);
        if (tx.hasWitness()) {
            throw new IllegalArgumentException("coinbase already carries a witness");
        }
        if (tx.inputs().size() != 1 || !isNullPrevout(tx.inputs().getFirst())) {
            throw new IllegalArgumentException("not a coinbase: needs exactly one input with a null prevout");
        }
        TxIn in = tx.inputs().getFirst();
        TxIn withReserved =
                new TxIn(in.prevTxid(), in.prevIndex(), in.scriptSig(), in.sequence(), List.of(new byte[32]));
        return new Transaction(tx.version(), List.of(withReserved), tx.outputs(), tx.lockTime()).serialize(true);
    }

    private static boolean isNullPrevout(TxIn in) {
        for (byte b : in.prevTxid()) {
            if (b != 0) {
                return false;
            }
        }
        return in.prevIndex() == 0xffffffffL;
    }

    private static byte[] push(byte[] data) {
        if (data.length == 0) {
            return data;
        }
        ByteWriter w = new ByteWriter(data.length + 2);
        if (data.length <= MAX_DIRECT_PUSH) {
            w.u8(data.length);
        } else if (data.length <= 0xff) {
            w.u8(0x4c).u8(data.length); // OP_PUSHDATA1
        } else {
            throw new IllegalArgumentException("tag too long: " + data.length + " bytes");
        }
        return w.bytes(data).toByteArray();
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
