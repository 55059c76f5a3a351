package org.potluck.stratum;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds every line the pool sends, each ending in a newline, and beside each notification's writer the reader a miner
 * uses for its params ({@code ...Of}), so that each shape is defined in one place; {@link PoolMessage#decode} picks the
 * reader by method. {@code mining.notify}'s shape lives in {@link Notify}.
 */
public final class StratumMessages {
    public static final String NOTIFY = "mining.notify";
    public static final String SET_DIFFICULTY = "mining.set_difficulty";
    public static final String SET_EXTRANONCE = "mining.set_extranonce";
    public static final String SET_VERSION_MASK = "mining.set_version_mask";
    public static final String RECONNECT = "client.reconnect";
    public static final String SHOW_MESSAGE = "client.show_message";
    /** Longest extranonce1 a miner takes (hex digits); far above any pool's 4 to 8 bytes. */
    private static final int MAX_EXTRANONCE1_DIGITS = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StratumMessages() {}

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

    private static final byte[] TRUE_HEAD = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE_TAIL = ",\"result\":true,\"error\":null}\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Byte for byte what {@link #result(JsonNode, boolean) result(id, true)} writes, without a JSON tree: it answers
     * every accepted share, so it is the line the pool writes most. Ids that are not a whole number or a string of
     * plain characters (rare: miners count) take the general path.
     */
    public static byte[] trueResult(JsonNode id) {
        String idJson = plainIdJson(id);
        if (idJson == null) {
            return result(id, true).getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[TRUE_HEAD.length + idJson.length() + TRUE_TAIL.length];
        System.arraycopy(TRUE_HEAD, 0, out, 0, TRUE_HEAD.length);
        for (int i = 0; i < idJson.length(); i++) {
            out[TRUE_HEAD.length + i] = (byte) idJson.charAt(i);
        }
        System.arraycopy(TRUE_TAIL, 0, out, TRUE_HEAD.length + idJson.length(), TRUE_TAIL.length);
        return out;
    }

    /** The JSON of an id that needs no escaping (whole number, or a string of letters, digits and -_.:), else null. */
    private static String plainIdJson(JsonNode id) {
        if (id == null || id.isNull()) {
            return "null";
        }
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return Long.toString(id.longValue());
        }
        if (id.isString()) {
            String s = id.stringValue();
            if (s.length() > 64) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean plain = (c >= '0' && c <= '9')
                        || (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || c == '-'
                        || c == '_'
                        || c == '.'
                        || c == ':';
                if (!plain) {
                    return null;
                }
            }
            return '"' + s + '"';
        }
        return null;
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
        return notification(NOTIFY, n.params());
    }

    /**
     * The result of {@code mining.subscribe}: {@code [[["mining.set_difficulty", id], ["mining.notify", id]],
     * extranonce1, extranonce2_size]}, the subscription ids being the extranonce1 (miners ignore them).
     */
    public static ArrayNode subscribeResult(Extranonce extranonce) {
        ArrayNode result = NODES.arrayNode();
        ArrayNode subscriptions = result.addArray();
        subscriptions.addArray().add(SET_DIFFICULTY).add(extranonce.extranonce1());
        subscriptions.addArray().add(NOTIFY).add(extranonce.extranonce1());
        result.add(extranonce.extranonce1());
        result.add(extranonce.extranonce2Size());
        return result;
    }

    /** Reads a subscribe result; only the extranonce fields matter, the subscriptions are not checked. */
    public static Extranonce subscriptionOf(JsonNode result) throws StratumFormatException {
        Params.atLeast(result, 3, "mining.subscribe result", "[subscriptions, extranonce1, extranonce2_size]");
        return extranonce(result, 1, "mining.subscribe");
    }

    /**
     * The {@code mining.notify} line of {@code n} cut around its job id and clean flag, so that a job sent to thousands
     * of sessions is serialized once and each session only splices in its own id (the rest of the ~1 KB line is the
     * same for all of them). {@code n.jobId()} and {@code n.cleanJobs()} are ignored.
     */
    public static NotifyLine notifyLine(Notify n) {
        String whole = notify(new Notify(
                "", n.prevHash(), n.coinb1(), n.coinb2(), n.merkleBranch(), n.version(), n.nbits(), n.ntime(), false));
        int start = whole.indexOf(NotifyLine.ID_SLOT);
        if (start < 0 || !whole.endsWith(NotifyLine.FALSE_END) || whole.indexOf(NotifyLine.ID_SLOT, start + 1) >= 0) {
            throw new IllegalStateException("mining.notify no longer has the layout NotifyLine cuts: " + whole);
        }
        int idAt = start + NotifyLine.ID_SLOT.length() - 1; // between the two quotes of the empty id
        return new NotifyLine(
                whole.substring(0, idAt).getBytes(StandardCharsets.US_ASCII),
                whole.substring(idAt, whole.length() - NotifyLine.FALSE_END.length())
                        .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A serialized {@code mining.notify} without its job id and clean flag: {@code prefix + id + middle + clean + "]}\n"}
     * is byte for byte what {@link #notify(Notify)} writes for the same fields. Immutable; share it freely.
     */
    public static final class NotifyLine {
        private static final String ID_SLOT = "\"params\":[\"\"";
        private static final String FALSE_END = "false]}\n";
        private static final byte[] TRUE_TAIL = "true]}\n".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] FALSE_TAIL = FALSE_END.getBytes(StandardCharsets.US_ASCII);
        private final byte[] prefix;
        private final byte[] middle;

        private NotifyLine(byte[] prefix, byte[] middle) {
            this.prefix = prefix;
            this.middle = middle;
        }

        /** The whole line for one session's job id, as UTF-8 (all ASCII) bytes. */
        public byte[] encode(String jobId, boolean clean) {
            checkJobId(jobId);
            byte[] tail = clean ? TRUE_TAIL : FALSE_TAIL;
            byte[] out = new byte[prefix.length + jobId.length() + middle.length + tail.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            int at = prefix.length;
            for (int i = 0; i < jobId.length(); i++) {
                out[at++] = (byte) jobId.charAt(i);
            }
            System.arraycopy(middle, 0, out, at, middle.length);
            System.arraycopy(tail, 0, out, at + middle.length, tail.length);
            return out;
        }

        public String line(String jobId, boolean clean) {
            return new String(encode(jobId, clean), StandardCharsets.US_ASCII);
        }

        /**
         * Splicing skips JSON escaping, so only ids that need none are taken (the pool's ids are short hex strings);
         * anything else is refused rather than written as broken JSON.
         */
        private static void checkJobId(String jobId) {
            if (jobId.isEmpty() || jobId.length() > 64) {
                throw new IllegalArgumentException("job id must be 1..64 characters, got " + jobId.length());
            }
            for (int i = 0; i < jobId.length(); i++) {
                char c = jobId.charAt(i);
                boolean plain = (c >= '0' && c <= '9')
                        || (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || c == '-'
                        || c == '_'
                        || c == '.'
                        || c == ':';
                if (!plain) {
                    throw new IllegalArgumentException(
                            "job id may hold only letters, digits and -_.: , got \"" + jobId + "\"");
                }
            }
        }
    }

    public static String setDifficulty(double difficulty) {
        return notification(SET_DIFFICULTY, NODES.arrayNode().add(number(difficulty)));
    }

    /** Reads {@code [difficulty]}: a JSON number above zero and finite. */
    public static double difficultyOf(JsonNode params) throws StratumFormatException {
        Params.atLeast(params, 1, SET_DIFFICULTY, "[difficulty]");
        JsonNode value = params.get(0);
        if (!value.isNumber()) {
            throw new StratumFormatException(
                    SET_DIFFICULTY + " difficulty must be a number, got " + Params.clip(value.toString()));
        }
        double d = value.asDouble();
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new StratumFormatException(SET_DIFFICULTY + " difficulty must be positive and finite, got " + value);
        }
        return d;
    }

    public static String setExtranonce(String extranonce1, int extranonce2Size) {
        return notification(SET_EXTRANONCE, NODES.arrayNode().add(extranonce1).add(extranonce2Size));
    }

    public static PoolMessage.SetExtranonce extranonceOf(JsonNode id, JsonNode params) throws StratumFormatException {
        Params.atLeast(params, 2, SET_EXTRANONCE, "[extranonce1, extranonce2_size]");
        return new PoolMessage.SetExtranonce(id, extranonce(params, 0, SET_EXTRANONCE));
    }

    private static Extranonce extranonce(JsonNode values, int at, String source) throws StratumFormatException {
        String extranonce1 = Params.bytesHex(values, at, source + " extranonce1");
        if (extranonce1.length() > MAX_EXTRANONCE1_DIGITS) {
            throw new StratumFormatException(source + " extranonce1 must be at most " + MAX_EXTRANONCE1_DIGITS / 2
                    + " bytes, got " + extranonce1.length() / 2);
        }
        JsonNode size = values.get(at + 1);
        if (!size.isIntegralNumber() || !size.canConvertToInt() || size.intValue() < 0) {
            throw new StratumFormatException(
                    source + " extranonce2_size must be a whole number of bytes, got " + Params.clip(size.toString()));
        }
        return new Extranonce(extranonce1, size.intValue());
    }

    public static String setVersionMask(int mask) {
        return notification(SET_VERSION_MASK, NODES.arrayNode().add(hex32(mask)));
    }

    /** Reads {@code [mask]}: up to 8 hex digits (some pools drop leading zeros). */
    public static int versionMaskOf(JsonNode params) throws StratumFormatException {
        Params.atLeast(params, 1, SET_VERSION_MASK, "[mask hex]");
        return maskOf(params.get(0), SET_VERSION_MASK + " mask");
    }

    /** A version-rolling mask as both messages that carry one write it: up to 8 hex digits. */
    public static int maskOf(JsonNode value, String what) throws StratumFormatException {
        if (!value.isString()) {
            throw new StratumFormatException(what + " must be a hex string, got " + Params.clip(value.toString()));
        }
        String hex = value.stringValue();
        if (hex.isEmpty() || hex.length() > 8 || !Submit.isHex(hex)) {
            throw new StratumFormatException(what + " must be 1 to 8 hex digits, got \"" + Params.clip(hex) + "\"");
        }
        return Integer.parseUnsignedInt(hex, 16);
    }

    public static String reconnect(String host, int port, int waitSeconds) {
        return notification(RECONNECT, NODES.arrayNode().add(host).add(port).add(waitSeconds));
    }

    /**
     * Reads {@code [host, port, wait_seconds]}, each optional (missing, null or empty: the same host, the same port, no
     * wait). Ports and waits sent as strings are read too, as some pools write them so.
     */
    public static PoolMessage.Reconnect reconnectOf(JsonNode id, JsonNode params) throws StratumFormatException {
        String host = "";
        int port = 0;
        int wait = 0;
        if (params.path(0).isString()) {
            host = params.get(0).stringValue().strip();
        }
        if (present(params.path(1))) {
            port = Params.integer(params.get(1), RECONNECT + " port");
            if (port < 1 || port > 65535) {
                throw new StratumFormatException(RECONNECT + " port " + port + " is outside 1..65535");
            }
        }
        if (present(params.path(2))) {
            wait = Params.integer(params.get(2), RECONNECT + " wait");
            if (wait < 0 || wait > 3600) {
                throw new StratumFormatException(RECONNECT + " wait " + wait + " is outside 0..3600 s");
            }
        }
        return new PoolMessage.Reconnect(id, host, port, wait);
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode()
                && !value.isNull()
                && !(value.isString() && value.stringValue().isBlank());
    }

    public static String showMessage(String text) {
        return notification(SHOW_MESSAGE, NODES.arrayNode().add(text));
    }

    /** Reads {@code [text]}; a message in another form is shown as its JSON rather than refused. */
    public static String messageOf(JsonNode params) {
        JsonNode text = params.path(0);
        return text.isString() ? text.stringValue() : params.toString();
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
