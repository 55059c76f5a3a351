package org.potluck.stratum;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads the one line a pool receives most, {@code mining.submit}, without building a JSON tree. It takes only the
 * plain shape real miners send (keys id, method, params and optionally jsonrpc, in any order, with any spacing; ASCII
 * strings without escapes; an integer, plain-string or null id; five or six string params, the sixth possibly null)
 * and returns null for anything else, which then goes through {@link StratumRequest#parse} as before. So the fast
 * path can only ever agree with the general one: the differential fuzz test checks exactly that.
 */
public final class SubmitScanner {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] SUBMIT = "mining.submit".getBytes(StandardCharsets.US_ASCII);

    /** A submit read by the fast path: the request id to echo, and the checked parameters. */
    public record Scanned(JsonNode id, Submit submit) {}

    private final byte[] b;
    private final int end;
    private int at;

    private SubmitScanner(byte[] line, int offset, int length) {
        this.b = line;
        this.at = offset;
        this.end = offset + length;
    }

    /** The submit in {@code line}, or null when the line is anything but a plain, well-formed submit. */
    public static Scanned scan(byte[] line, int offset, int length) {
        return new SubmitScanner(line, offset, length).object();
    }

    private Scanned object() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        JsonNode id = null;
        boolean method = false;
        boolean jsonrpc = false;
        String[] params = null;
        boolean first = true;
        while (true) {
            skipSpace();
            if (take('}')) {
                break;
            }
            if (!first && !(take(',') && skipSpace())) {
                return null;
            }
            first = false;
            int keyStart = at;
            int keyEnd = plainString();
            if (keyEnd < 0) {
                return null;
            }
            skipSpace();
            if (!take(':')) {
                return null;
            }
            skipSpace();
            int keyLength = keyEnd - keyStart - 2;
            if (key(keyStart, keyLength, "id") && id == null) {
                id = idValue();
                if (id == null) {
                    return null;
                }
            } else if (key(keyStart, keyLength, "method") && !method) {
                int start = at;
                int stop = plainString();
                if (stop < 0 || !equalsAscii(start + 1, stop - 1, SUBMIT)) {
                    return null;
                }
                method = true;
            } else if (key(keyStart, keyLength, "params") && params == null) {
                params = params();
                if (params == null) {
                    return null;
                }
            } else if (key(keyStart, keyLength, "jsonrpc") && !jsonrpc) {
                if (plainString() < 0) {
                    return null;
                }
                jsonrpc = true;
            } else {
                return null;
            }
        }
        skipSpace();
        if (at != end || !method || params == null) {
            return null;
        }
        try {
            Submit submit = Submit.of(params[0], params[1], params[2], params[3], params[4], params[5]);
            return new Scanned(id == null ? NODES.nullNode() : id, submit);
        } catch (StratumFormatException e) {
            return null; // the general path words the error
        }
    }

    /** An integer (as Jackson would type it), a plain string, or null; anything else is not for the fast path. */
    private JsonNode idValue() {
        if (at < end && b[at] == '"') {
            int start = at;
            int stop = plainString();
            return stop < 0
                    ? null
                    : NODES.stringNode(new String(b, start + 1, stop - start - 2, StandardCharsets.US_ASCII));
        }
        if (end - at >= 4 && b[at] == 'n' && b[at + 1] == 'u' && b[at + 2] == 'l' && b[at + 3] == 'l') {
            at += 4;
            return NODES.nullNode();
        }
        int start = at;
        boolean negative = take('-');
        int digitsStart = at;
        long value = 0;
        while (at < end && b[at] >= '0' && b[at] <= '9') {
            value = value * 10 + (b[at] - '0');
            at++;
        }
        int digits = at - digitsStart;
        // No leading zeros (not JSON), at most 18 digits (no overflow), and no fraction or exponent following.
        if (digits == 0
                || digits > 18
                || (digits > 1 && b[digitsStart] == '0')
                || (at < end && (b[at] == '.' || b[at] == 'e' || b[at] == 'E'))) {
            at = start;
            return null;
        }
        if (negative && value == 0) {
            at = start;
            return null; // "-0": leave the typing of that oddity to Jackson
        }
        value = negative ? -value : value;
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    /** Five or six strings; the sixth (version bits) may be null. Index 5 of the result is null when absent. */
    private String[] params() {
        if (!take('[')) {
            return null;
        }
        String[] out = new String[6];
        int n = 0;
        skipSpace();
        while (!take(']')) {
            if (n > 0 && !(take(',') && skipSpace())) {
                return null;
            }
            if (n == 6) {
                return null;
            }
            if (n == 5 && end - at >= 4 && b[at] == 'n' && b[at + 1] == 'u' && b[at + 2] == 'l' && b[at + 3] == 'l') {
                at += 4;
                n++;
            } else {
                int start = at;
                int stop = plainString();
                if (stop < 0) {
                    return null;
                }
                out[n++] = new String(b, start + 1, stop - start - 2, StandardCharsets.US_ASCII);
            }
            skipSpace();
        }
        return n >= 5 ? out : null;
    }

    /** Reads a string with no escapes, no control and no non-ASCII bytes; returns the index after its closing quote. */
    private int plainString() {
        if (!take('"')) {
            return -1;
        }
        while (at < end) {
            byte c = b[at++];
            if (c == '"') {
                return at;
            }
            if (c == '\\' || c < 0x20 || c >= 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    private boolean key(int quoteAt, int length, String name) {
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[quoteAt + 1 + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean equalsAscii(int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean take(char c) {
        if (at < end && b[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    /** JSON whitespace; always true so it can sit inside a condition. */
    private boolean skipSpace() {
        while (at < end && (b[at] == ' ' || b[at] == '\t' || b[at] == '\r' || b[at] == '\n')) {
            at++;
        }
        return true;
    }
}
