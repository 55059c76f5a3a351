package org.potluck.bitcoin;

import java.util.ArrayList;
import java.util.List;

/** Block merkle trees, and the coinbase branch that Stratum v1 sends so miners can rebuild the root. */
public final class Merkle {
    private static final ThreadLocal<byte[]> PAIR = ThreadLocal.withInitial(() -> new byte[64]);

    private Merkle() {}

    /**
     * Branch for the coinbase at index 0, given the other transactions' txids (internal order) in block order.
     * Each level gives its element 1 to the branch; the rest are paired (the last duplicated when odd) from index 2
     * on, while slot 0 stands for the not-yet-known coinbase side.
     */
    public static List<byte[]> branch(List<byte[]> txidsInternal) {
        List<byte[]> level = new ArrayList<>(txidsInternal.size() + 1);
        level.add(null);
        for (byte[] txid : txidsInternal) {
            level.add(check(txid));
        }
        List<byte[]> branch = new ArrayList<>();
        while (level.size() > 1) {
            branch.add(level.get(1));
            List<byte[]> next = new ArrayList<>(level.size() / 2 + 1);
            next.add(null);
            for (int i = 2; i < level.size(); i += 2) {
                byte[] left = level.get(i);
                byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
                next.add(Sha256.sha256d(left, right));
            }
            level = next;
        }
        return branch;
    }

    /** Folds the branch onto the coinbase txid: root = sha256d(root || b) for each b. Allocates only the result. */
    public static byte[] rootFromBranch(byte[] coinbaseTxidInternal, List<byte[]> branch) {
        byte[] pair = PAIR.get();
        System.arraycopy(check(coinbaseTxidInternal), 0, pair, 0, 32);
        for (int i = 0, n = branch.size(); i < n; i++) {
            System.arraycopy(check(branch.get(i)), 0, pair, 32, 32);
            Sha256.sha256dInto(pair, 0, 64, pair, 0);
        }
        byte[] root = new byte[32];
        System.arraycopy(pair, 0, root, 0, 32);
        return root;
    }

    /** The block merkle root of all txids (coinbase first), duplicating the last hash of odd-sized levels. */
    public static byte[] root(List<byte[]> allTxidsInternal) {
        if (allTxidsInternal.isEmpty()) {
            throw new IllegalArgumentException("a block has at least one transaction");
        }
        List<byte[]> level = new ArrayList<>(allTxidsInternal.size());
        for (byte[] txid : allTxidsInternal) {
            level.add(check(txid));
        }
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                byte[] left = level.get(i);
                byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
                next.add(Sha256.sha256d(left, right));
            }
            level = next;
        }
        return level.getFirst().clone();
    }

    private static byte[] check(byte[] hash) {
        if (hash == null || hash.length != 32) {
            throw new IllegalArgumentException(
                    "merkle hashes must be 32 bytes, got " + (hash == null ? "null" : hash.length + " bytes"));
        }
        return hash;
    }
}
