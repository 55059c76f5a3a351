package org.potluck.miner;

import java.util.ArrayList;
import java.util.List;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import tools.jackson.databind.JsonNode;

/** One {@code mining.notify}, decoded once so hashing threads never parse text. */
record Job(String jobId, byte[] prevHashInternal, byte[] coinb1, byte[] coinb2, List<byte[]> branch,
           int version, int nbits, int ntime, boolean clean) {

    /** Parses {@code [job_id, prevhash, coinb1, coinb2, [branch...], version, nbits, ntime, clean_jobs]}. */
    static Job fromNotifyParams(JsonNode params) {
        if (params == null || !params.isArray() || params.size() < 9) {
            throw new BadMessageException("mining.notify needs 9 params, got " + params);
        }
        String jobId = text(params, 0, "job_id");
        if (jobId.isEmpty()) {
            throw new BadMessageException("mining.notify job_id is empty");
        }
        String prevHex = text(params, 1, "prevhash");
        if (prevHex.length() != 64) {
            throw new BadMessageException("mining.notify prevhash must be 64 hex chars, got " + prevHex.length());
        }
        byte[] prev = decode(prevHex, "prevhash", () -> BlockHeader.prevHashFromNotify(prevHex));
        byte[] coinb1 = decode(text(params, 2, "coinb1"), "coinb1", null);
        byte[] coinb2 = decode(text(params, 3, "coinb2"), "coinb2", null);
        JsonNode branchNode = params.get(4);
        if (!branchNode.isArray()) {
            throw new BadMessageException("mining.notify merkle branch must be an array, got " + branchNode);
        }
        List<byte[]> branch = new ArrayList<>(branchNode.size());
        for (JsonNode b : branchNode) {
            if (!b.isString()) {
                throw new BadMessageException("mining.notify merkle branch entry is not a string: " + b);
            }
            byte[] step = decode(b.stringValue(), "merkle branch entry", null);
            if (step.length != 32) {
                throw new BadMessageException("mining.notify merkle branch entry must be 32 bytes, got " + step.length);
            }
            branch.add(step);
        }
        int version = u32(params, 5, "version");
        int nbits = u32(params, 6, "nbits");
        int ntime = u32(params, 7, "ntime");
        JsonNode clean = params.get(8);
        if (!clean.isBoolean()) {
            throw new BadMessageException("mining.notify clean_jobs must be true or false, got " + clean);
        }
        return new Job(jobId, prev, coinb1, coinb2, List.copyOf(branch), version, nbits, ntime, clean.booleanValue());
    }

    private static String text(JsonNode params, int index, String name) {
        JsonNode node = params.get(index);
        if (node == null || !node.isString()) {
            throw new BadMessageException("mining.notify " + name + " must be a string, got " + node);
        }
        return node.stringValue();
    }

    /** Big-endian hex of a u32, exactly 8 digits, as mining.notify sends version, nbits and ntime. */
    private static int u32(JsonNode params, int index, String name) {
        String hex = text(params, index, name);
        if (hex.length() != 8) {
            throw new BadMessageException("mining.notify " + name + " must be 8 hex chars, got '" + hex + "'");
        }
        try {
            return Integer.parseUnsignedInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new BadMessageException("mining.notify " + name + " is not hex: '" + hex + "'", e);
        }
    }

    private static byte[] decode(String hex, String name, java.util.function.Supplier<byte[]> custom) {
        try {
            return custom != null ? custom.get() : Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new BadMessageException("mining.notify " + name + " is not valid hex: " + e.getMessage(), e);
        }
    }
}
