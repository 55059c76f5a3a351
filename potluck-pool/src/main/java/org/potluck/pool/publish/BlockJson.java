package org.potluck.pool.publish;

import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A block the pool found, as published: which job and share it came from, what the node said, what it paid. */
public final class BlockJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BlockJson() {
    }

    public static String of(PoolListener.BlockFound block, SubmitResult result) {
        ObjectNode o = JSON.createObjectNode();
        o.put("height", block.height());
        o.put("blockHash", block.blockHash());
        o.put("jobId", block.job().id());
        o.put("finderAddress", block.address());
        o.put("worker", block.worker());
        o.put("accepted", result.accepted());
        o.put("nodeSaid", result.outcome().name() + (result.reason() == null ? "" : ": " + result.reason()));
        ArrayNode outputs = o.putArray("outputs");
        var plan = block.job().plan();
        for (int i = 0; i < plan.outputs().size(); i++) {
            outputs.addObject().put("address", plan.addresses().get(i)).put("sats", plan.outputs().get(i).value());
        }
        return JSON.writeValueAsString(o);
    }
}
