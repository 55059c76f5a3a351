package org.potluck.stratum;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds every line a miner sends, each ending in a newline: its requests (numbered by the caller) and its answers to
 * the pool's requests. The pool reads them with {@link StratumRequest} and {@link Submit#parse} (or the fast
 * {@link SubmitScanner}); answers have the one JSON-RPC reply shape both sides write ({@link StratumMessages#result}).
 */
public final class MinerMessages {
    public static final String SUBSCRIBE = "mining.subscribe";
    public static final String AUTHORIZE = "mining.authorize";
    public static final String CONFIGURE = "mining.configure";
    public static final String SUGGEST_DIFFICULTY = "mining.suggest_difficulty";
    public static final String SUBMIT = "mining.submit";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MinerMessages() {}

    public static String subscribe(long id, String userAgent) {
        return StratumMessages.request(id, SUBSCRIBE, NODES.arrayNode().add(userAgent));
    }

    public static String authorize(long id, String user, String password) {
        return StratumMessages.request(
                id, AUTHORIZE, NODES.arrayNode().add(user).add(password));
    }

    /** BIP310's {@code mining.configure} asking for version rolling within {@code mask}. */
    public static String configureVersionRolling(long id, int mask, int minBitCount) {
        ObjectNode parameters = NODES.objectNode()
                .put("version-rolling.mask", StratumMessages.hex32(mask))
                .put("version-rolling.min-bit-count", minBitCount);
        ArrayNode params = NODES.arrayNode();
        params.addArray().add("version-rolling");
        params.add(parameters);
        return StratumMessages.request(id, CONFIGURE, params);
    }

    public static String suggestDifficulty(long id, double difficulty) {
        return StratumMessages.request(
                id, SUGGEST_DIFFICULTY, NODES.arrayNode().add(StratumMessages.number(difficulty)));
    }

    public static String submit(long id, Submit submit) {
        return StratumMessages.request(id, SUBMIT, submit.params());
    }

    /** The answer to a pool's request (a ping, say). */
    public static String result(JsonNode id, JsonNode result) {
        return StratumMessages.result(id, result);
    }

    /** The refusal of a pool's request, with a code and a readable reason. */
    public static String error(JsonNode id, StratumError error, String message) {
        return StratumMessages.error(id, error, message);
    }

    /**
     * The submits of one job that differ only in request id and nonce, pre-serialized so that a load generator writes
     * each one without JSON: {@link #encode} gives byte for byte what {@link #submit(long, Submit)} writes for the same
     * values (the round-trip test checks it). Immutable.
     */
    public static SubmitTemplate submitTemplate(String worker, String jobId, String extranonce2Hex, String ntimeHex) {
        return new SubmitTemplate(worker, jobId, extranonce2Hex, ntimeHex);
    }

    public static final class SubmitTemplate {
        private static final byte[] HEAD = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TAIL = "\"]}\n".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private static final int MAX_ID_DIGITS = 20;
        private final byte[] middle; // ,"method":"mining.submit","params":["worker","job","en2","ntime","

        private SubmitTemplate(String worker, String jobId, String extranonce2Hex, String ntimeHex) {
            String middleText = ",\"method\":\"" + SUBMIT + "\",\"params\":[\"" + plain(worker) + "\",\"" + plain(jobId)
                    + "\",\"" + plain(extranonce2Hex) + "\",\"" + plain(ntimeHex) + "\",\"";
            this.middle = middleText.getBytes(StandardCharsets.US_ASCII);
        }

        /** The most bytes {@link #encode} writes. */
        public int maxLength() {
            return HEAD.length + MAX_ID_DIGITS + middle.length + 8 + TAIL.length;
        }

        /** Writes the submit of {@code nonce} with request id {@code id} (not negative) at {@code out[at]}; returns its length. */
        public int encode(long id, int nonce, byte[] out, int at) {
            if (id < 0) {
                throw new IllegalArgumentException("request id must not be negative, got " + id);
            }
            int i = at;
            System.arraycopy(HEAD, 0, out, i, HEAD.length);
            i += HEAD.length;
            i = writeDecimal(id, out, i);
            System.arraycopy(middle, 0, out, i, middle.length);
            i += middle.length;
            for (int shift = 28; shift >= 0; shift -= 4) {
                out[i++] = HEX[(nonce >>> shift) & 0xf];
            }
            System.arraycopy(TAIL, 0, out, i, TAIL.length);
            return i + TAIL.length - at;
        }

        private static int writeDecimal(long value, byte[] out, int at) {
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) {
                digits++;
            }
            long v = value;
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            }
            return at + digits;
        }

        /** Splicing skips JSON escaping, so only printable ASCII that needs none is taken. */
        private static String plain(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    throw new IllegalArgumentException(
                            "a submit template takes printable ASCII without quotes or backslashes, got \""
                                    + Params.clip(s) + "\"");
                }
            }
            return s;
        }
    }
}
