package org.potluck.bitcoin;

import java.util.ArrayList;
import java.util.List;

/** A Bitcoin transaction with legacy and BIP144 (segwit) serialization. */
public record Transaction(int version, List<TxIn> inputs, List<TxOut> outputs, long lockTime) {
    public Transaction {
        if (inputs == null || outputs == null) {
            throw new IllegalArgumentException("inputs and outputs must not be null");
        }
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        TxIn.checkU32(lockTime, "lockTime");
    }

    public boolean hasWitness() {
        for (TxIn in : inputs) {
            if (!in.witness().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** With {@code withWitness}, the BIP144 marker/flag form is used only if some input carries witness items. */
    public byte[] serialize(boolean withWitness) {
        boolean segwit = withWitness && hasWitness();
        ByteWriter w = new ByteWriter(64 + inputs.size() * 160 + outputs.size() * 40);
        w.i32le(version);
        if (segwit) {
            w.u8(0x00).u8(0x01);
        }
        w.compactSize(inputs.size());
        for (TxIn in : inputs) {
            w.bytes(in.prevTxid())
                    .u32le(in.prevIndex())
                    .varBytes(in.scriptSig())
                    .u32le(in.sequence());
        }
        w.compactSize(outputs.size());
        for (TxOut out : outputs) {
            w.u64le(out.value()).varBytes(out.scriptPubKey());
        }
        if (segwit) {
            for (TxIn in : inputs) {
                w.compactSize(in.witness().size());
                for (byte[] item : in.witness()) {
                    w.varBytes(item);
                }
            }
        }
        w.u32le(lockTime);
        return w.toByteArray();
    }

    /** Internal byte order; computed from the non-witness serialization. */
    public byte[] txid() {
        return Sha256.sha256d(serialize(false));
    }

    /** Internal byte order; equals txid() when the transaction has no witness. */
    public byte[] wtxid() {
        return Sha256.sha256d(serialize(true));
    }

    /**
     * Parses either serialization. Like Bitcoin Core, a zero input count followed by a non-zero flag byte marks the
     * BIP144 form; an unknown flag, a witness form with no witness items, and trailing bytes are rejected.
     */
    public static Transaction parse(byte[] raw) {
        ByteReader r = new ByteReader(raw);
        int version = r.i32le();
        boolean segwit = false;
        if (r.remaining() >= 2 && r.peekU8() == 0x00) {
            r.u8();
            int flag = r.u8();
            if (flag != 0x01) {
                throw new IllegalArgumentException(
                        "unknown transaction serialization flag 0x" + Integer.toHexString(flag));
            }
            segwit = true;
        }
        int nIn = count(r, "input", 41);
        List<byte[]> prevTxids = new ArrayList<>(nIn);
        long[] prevIndexes = new long[nIn];
        List<byte[]> scriptSigs = new ArrayList<>(nIn);
        long[] sequences = new long[nIn];
        for (int i = 0; i < nIn; i++) {
            prevTxids.add(r.bytes(32));
            prevIndexes[i] = r.u32le();
            scriptSigs.add(r.bytes(count(r, "scriptSig byte", 1)));
            sequences[i] = r.u32le();
        }
        int nOut = count(r, "output", 9);
        List<TxOut> outputs = new ArrayList<>(nOut);
        for (int i = 0; i < nOut; i++) {
            long value = r.u64le();
            if (value < 0) {
                throw new IllegalArgumentException("output " + i + " value does not fit a signed 64-bit amount");
            }
            outputs.add(new TxOut(value, r.bytes(count(r, "scriptPubKey byte", 1))));
        }
        List<List<byte[]>> witnesses = new ArrayList<>(nIn);
        boolean anyWitness = false;
        for (int i = 0; i < nIn; i++) {
            List<byte[]> stack = new ArrayList<>();
            if (segwit) {
                int items = count(r, "witness item", 1);
                for (int j = 0; j < items; j++) {
                    stack.add(r.bytes(count(r, "witness byte", 1)));
                }
                anyWitness |= items > 0;
            }
            witnesses.add(stack);
        }
        if (segwit && !anyWitness) {
            throw new IllegalArgumentException("superfluous witness record: marker/flag present but no witness items");
        }
        long lockTime = r.u32le();
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " trailing bytes after transaction");
        }
        List<TxIn> inputs = new ArrayList<>(nIn);
        for (int i = 0; i < nIn; i++) {
            inputs.add(new TxIn(prevTxids.get(i), prevIndexes[i], scriptSigs.get(i), sequences[i], witnesses.get(i)));
        }
        return new Transaction(version, inputs, outputs, lockTime);
    }

    /** Reads a count and checks it against what the remaining bytes could possibly hold, before allocating. */
    private static int count(ByteReader r, String what, int minBytesEach) {
        long n = r.compactSize();
        if (n < 0 || n > (long) r.remaining() / minBytesEach) {
            throw new IllegalArgumentException("truncated data: " + Long.toUnsignedString(n) + " " + what
                    + "(s) declared, only " + r.remaining() + " bytes left");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return "Transaction[txid=" + Hex.encode(Hex.reversed(txid())) + ", version=" + version + ", inputs=" + inputs
                + ", outputs=" + outputs + ", lockTime=" + lockTime + "]";
    }
}
