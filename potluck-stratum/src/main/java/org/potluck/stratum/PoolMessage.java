package org.potluck.stratum;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One line a pool sends a miner, decoded: the miner's side of the lines {@link StratumMessages} writes. Every message
 * keeps its id: a notification has a null id, and a pool's request with an id wants a reply (see
 * {@link MinerMessages#result}).
 */
public sealed interface PoolMessage {

    /** The request id to answer, a null node for a notification or a reply without one; never Java null. */
    JsonNode id();

    /** Whether the pool expects an answer to this message: a request with an id (a reply never does). */
    default boolean wantsReply() {
        return !id().isNull();
    }

    /** The answer to one of the miner's requests; {@code error} is null when the pool reported none. */
    record Reply(JsonNode id, JsonNode result, ErrorReply error) implements PoolMessage {
        @Override
        public boolean wantsReply() {
            return false;
        }

        public boolean failed() {
            return error != null;
        }

        /** Whether the result is JSON {@code true} with no error: an accepted share, an authorized user. */
        public boolean isTrue() {
            return error == null && result.isBoolean() && result.booleanValue();
        }
    }

    /**
     * A reply's error. Stratum v1 writes {@code [code, message, traceback]} ({@link StratumMessages#error}); some pools
     * send a JSON-RPC object or a bare string instead, which are read too, with code 0 where none is given.
     */
    record ErrorReply(int code, String message) {
        /** The agreed code (20-25), or null for any other number. */
        public StratumError known() {
            return StratumError.ofCode(code);
        }

        @Override
        public String toString() {
            return message + " (code " + code + ")";
        }

        static ErrorReply from(JsonNode error) {
            if (error.isArray() && error.size() >= 2) {
                return new ErrorReply(error.get(0).asInt(0), error.get(1).asString());
            }
            if (error.isObject() && error.has("message")) {
                return new ErrorReply(
                        error.path("code").asInt(0), error.get("message").asString());
            }
            return new ErrorReply(0, error.isString() ? error.stringValue() : error.toString());
        }
    }

    /** {@code mining.notify}. */
    record NewJob(JsonNode id, Notify job) implements PoolMessage {}

    /** {@code mining.set_difficulty}: a positive, finite difficulty. */
    record SetDifficulty(JsonNode id, double difficulty) implements PoolMessage {}

    /** {@code mining.set_extranonce}, with the same two values as the subscribe result. */
    record SetExtranonce(JsonNode id, Extranonce extranonce) implements PoolMessage {}

    /** {@code mining.set_version_mask}: the bits the miner may roll from now on. */
    record SetVersionMask(JsonNode id, int mask) implements PoolMessage {}

    /** {@code client.reconnect}: an empty host or a port of 0 mean "the same as now". */
    record Reconnect(JsonNode id, String host, int port, int waitSeconds) implements PoolMessage {}

    /** {@code client.show_message}: text for the operator. */
    record ShowMessage(JsonNode id, String text) implements PoolMessage {}

    /** Any other method (pings, {@code client.get_version}, methods this codec does not know); the miner decides. */
    record OtherRequest(JsonNode id, String method, JsonNode params) implements PoolMessage {}

    /**
     * A known method whose params do not have the protocol's form. It is a value rather than an exception so that the
     * miner can still answer the request's id with an error and carry on.
     */
    record Malformed(JsonNode id, String method, String problem) implements PoolMessage {}

    /**
     * Decodes one line (without its newline).
     *
     * @throws StratumFormatException if the line is not a JSON object, or is neither a request nor a reply
     */
    static PoolMessage decode(String line) throws StratumFormatException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    static PoolMessage decode(byte[] line, int offset, int length) throws StratumFormatException {
        JsonNode root = StratumJson.readObject(line, offset, length);
        JsonNode id = root.has("id") ? root.get("id") : NullNode.getInstance();
        JsonNode method = root.get("method");
        if (method == null || method.isNull()) {
            if (!root.has("result") && !root.has("error")) {
                throw new StratumFormatException(
                        "neither a request (no \"method\") nor a reply (no \"result\" or \"error\")");
            }
            JsonNode error = root.path("error");
            return new Reply(
                    id, root.path("result"), error.isMissingNode() || error.isNull() ? null : ErrorReply.from(error));
        }
        if (!method.isString()) {
            throw new StratumFormatException("\"method\" must be a string");
        }
        String name = method.stringValue();
        JsonNode params = root.path("params");
        // Each method's params are read beside the code that writes them (StratumMessages, Notify).
        try {
            return switch (name) {
                case StratumMessages.NOTIFY -> new NewJob(id, Notify.fromParams(params));
                case StratumMessages.SET_DIFFICULTY -> new SetDifficulty(id, StratumMessages.difficultyOf(params));
                case StratumMessages.SET_EXTRANONCE -> StratumMessages.extranonceOf(id, params);
                case StratumMessages.SET_VERSION_MASK -> new SetVersionMask(id, StratumMessages.versionMaskOf(params));
                case StratumMessages.RECONNECT -> StratumMessages.reconnectOf(id, params);
                case StratumMessages.SHOW_MESSAGE -> new ShowMessage(id, StratumMessages.messageOf(params));
                default -> new OtherRequest(id, name, params);
            };
        } catch (StratumFormatException e) {
            return new Malformed(id, name, e.getMessage());
        }
    }
}
