package org.potluck.stratum;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One JSON-RPC line from a miner. A line that is a response (to a server ping, say) has no method and is kept so the
 * caller can recognise it instead of calling it garbage.
 */
public record StratumRequest(JsonNode id, String method, JsonNode params) {

    public boolean isResponse() {
        return method == null;
    }

    public static StratumRequest parse(byte[] line, int offset, int length) throws StratumFormatException {
        JsonNode root = StratumJson.readObject(line, offset, length);
        JsonNode id = root.has("id") ? root.get("id") : NullNode.getInstance();
        JsonNode method = root.get("method");
        if (method == null || method.isNull()) {
            if (root.has("result") || root.has("error")) {
                return new StratumRequest(id, null, NullNode.getInstance());
            }
            throw new StratumFormatException("missing \"method\"");
        }
        if (!method.isString()) {
            throw new StratumFormatException("\"method\" must be a string");
        }
        JsonNode params = root.get("params");
        if (params == null || params.isNull()) {
            params = StratumJson.MAPPER.createArrayNode();
        } else if (!params.isArray()) {
            throw new StratumFormatException("\"params\" must be an array");
        }
        return new StratumRequest(id, method.stringValue(), params);
    }

    public static StratumRequest parse(String line) throws StratumFormatException {
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length);
    }
}
