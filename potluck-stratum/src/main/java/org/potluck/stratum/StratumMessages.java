package org.potluck.stratum;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds every line the pool sends, each ending in a newline. */
public final class StratumMessages {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StratumMessages() {
    }

    public static String result(JsonNode id, JsonNode result) {
        ObjectNode reply = NODES.objectNode();
        reply.set("id", id == null ? NullNode.getInstance() : id);
        reply.set("result", result == null ? NullNode.getInstance() : result);
        reply.set("error", NullNode.getInstance());
        return line(reply);
    }

    /** A refusal that still answers the question (authorize: false) and says why. */
    public static String resultWithError(JsonNode id, boolean value, StratumError error, String message) {
        ObjectNode reply = NODES.objectNode();
        reply.set("id", id == null ? NullNode.getInstance() : id);
        reply.put("result", value);
        ArrayNode err = reply.putArray("error");
        err.add(error.code());
        err.add(message);
        err.addNull();
        return line(reply);
    }

    public static String result(JsonNode id, boolean value) {
        return result(id, NODES.booleanNode(value));
    }

    public static String error(JsonNode id, StratumError error, String message) {
        ObjectNode reply = NODES.objectNode();
        reply.set("id", id == null ? NullNode.getInstance() : id);
        reply.set("result", NullNode.getInstance());
        ArrayNode err = reply.putArray("error");
        err.add(error.code());
        err.add(message);
        err.addNull();
        return line(reply);
    }

    public static String notify(Notify n) {
        ArrayNode params = NODES.arrayNode();
        params.add(n.jobId());
        params.add(n.prevHash());
        params.add(n.coinb1());
        params.add(n.coinb2());
        ArrayNode branch = params.addArray();
        n.merkleBranch().forEach(branch::add);
        params.add(n.version());
        params.add(n.nbits());
        params.add(n.ntime());
        params.add(n.cleanJobs());
        return notification("mining.notify", params);
    }

    public static String setDifficulty(double difficulty) {
        return notification("mining.set_difficulty", NODES.arrayNode().add(number(difficulty)));
    }

    public static String setExtranonce(String extranonce1, int extranonce2Size) {
        return notification("mining.set_extranonce", NODES.arrayNode().add(extranonce1).add(extranonce2Size));
    }

    public static String setVersionMask(int mask) {
        return notification("mining.set_version_mask", NODES.arrayNode().add(hex32(mask)));
    }

    public static String reconnect(String host, int port, int waitSeconds) {
        return notification("client.reconnect", NODES.arrayNode().add(host).add(port).add(waitSeconds));
    }

    public static String showMessage(String text) {
        return notification("client.show_message", NODES.arrayNode().add(text));
    }

    public static String request(long id, String method, ArrayNode params) {
        ObjectNode msg = NODES.objectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params);
        return line(msg);
    }

    public static String notification(String method, ArrayNode params) {
        ObjectNode msg = NODES.objectNode();
        msg.set("id", NullNode.getInstance());
        msg.put("method", method);
        msg.set("params", params);
        return line(msg);
    }

    /** Whole difficulties go out as integers (some firmware parses them as such); fractions in plain decimal. */
    public static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return NODES.numberNode((long) value);
        }
        return NODES.numberNode(new BigDecimal(Double.toString(value)).stripTrailingZeros());
    }

    public static String hex32(int value) {
        return String.format("%08x", value);
    }

    private static String line(ObjectNode node) {
        return StratumJson.MAPPER.writeValueAsString(node) + "\n";
    }
}
