package org.potluck.stratum;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The fields of {@code mining.notify}, already in the hex forms the wire carries (see protocol-notes). The pool writes
 * them with {@link #params()} and a miner reads them with {@link #fromParams}: the message's shape is defined here for
 * both directions.
 */
public record Notify(
        String jobId,
        String prevHash,
        String coinb1,
        String coinb2,
        List<String> merkleBranch,
        String version,
        String nbits,
        String ntime,
        boolean cleanJobs) {
    private static final String SHAPE =
            "[job_id, prevhash, coinb1, coinb2, [merkle_branch...], version, nbits, ntime, clean_jobs]";

    /** The nine params in protocol order. */
    public ArrayNode params() {
        ArrayNode params = JsonNodeFactory.instance.arrayNode();
        params.add(jobId);
        params.add(prevHash);
        params.add(coinb1);
        params.add(coinb2);
        ArrayNode branch = params.addArray();
        merkleBranch.forEach(branch::add);
        params.add(version);
        params.add(nbits);
        params.add(ntime);
        params.add(cleanJobs);
        return params;
    }

    /**
     * Reads the params of a received {@code mining.notify}, checking form only: a non-empty job id, hex where hex is
     * due (64 digits for prevhash and each branch step, 8 for version, nbits and ntime), a boolean clean flag.
     */
    public static Notify fromParams(JsonNode params) throws StratumFormatException {
        Params.atLeast(params, 9, "mining.notify", SHAPE);
        String jobId = Params.string(params, 0, "mining.notify job_id");
        if (jobId.isEmpty()) {
            throw new StratumFormatException("mining.notify job_id is empty");
        }
        String prevHash = Params.fixedHex(params.get(1), 64, "mining.notify prevhash");
        String coinb1 = Params.bytesHex(params, 2, "mining.notify coinb1");
        String coinb2 = Params.bytesHex(params, 3, "mining.notify coinb2");
        JsonNode branchNode = params.get(4);
        if (!branchNode.isArray()) {
            throw new StratumFormatException(
                    "mining.notify merkle branch must be an array, got " + Params.clip(branchNode.toString()));
        }
        List<String> branch = new ArrayList<>(branchNode.size());
        for (JsonNode step : branchNode) {
            branch.add(Params.fixedHex(step, 64, "mining.notify merkle branch entry"));
        }
        String version = Params.fixedHex(params.get(5), 8, "mining.notify version");
        String nbits = Params.fixedHex(params.get(6), 8, "mining.notify nbits");
        String ntime = Params.fixedHex(params.get(7), 8, "mining.notify ntime");
        JsonNode clean = params.get(8);
        if (!clean.isBoolean()) {
            throw new StratumFormatException(
                    "mining.notify clean_jobs must be true or false, got " + Params.clip(clean.toString()));
        }
        return new Notify(
                jobId, prevHash, coinb1, coinb2, List.copyOf(branch), version, nbits, ntime, clean.booleanValue());
    }
}
