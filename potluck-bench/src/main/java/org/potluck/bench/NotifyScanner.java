package org.potluck.bench;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server-to-miner lines the load generator sees thousands of times per block (mining.notify, and
 * mining.set_difficulty) straight from the received bytes, without building a JSON tree: profiling under load put ~10 us on
 * each tree parse of a ~1 KB notify, and 15,000 of them on the generator's one core would be counted as the pool's fan-out time.
 *
 * <p>It walks the top-level object key by key (so key order and spacing do not matter: Potluck writes compact JSON,
 * ckpool puts spaces after ':' and ',' and "params" first) and skips every value it does not need. Lines that are not
 * valid enough to be read are refused with an {@link IllegalArgumentException} that says what was wrong.
 */
final class NotifyScanner {
    /** What one line turned out to be. */
    sealed interface Scanned {}

    /** mining.notify: the three fields a simulated miner uses (job id, previous block hash as sent, ntime). */
    record Notify(String jobId, String prevHash, String ntime) implements Scanned {}

    record SetDifficulty(double difficulty) implements Scanned {}

    /** Any other method the pool may send (client.show_message, mining.set_extranonce, ...): nothing to keep. */
    record OtherMethod(String method) implements Scanned {}

    /** No "method" (or "method": null): a reply to one of the miner's requests. */
    enum Reply implements Scanned {
        INSTANCE
    }

    private static final byte[] METHOD = ascii("method");
    private static final byte[] PARAMS = ascii("params");
    private static final byte[] NOTIFY = ascii("mining.notify");
    private static final byte[] SET_DIFFICULTY = ascii("mining.set_difficulty");
    private static final int NOTIFY_PARAMS =
            9; // job_id, prevhash, coinb1, coinb2, branch, version, nbits, ntime, clean

    private NotifyScanner() {}

    /**
     * Classifies the line between the buffer's reader and writer index (without moving them).
     *
     * @throws IllegalArgumentException if the line is not a JSON object, or a notify / set_difficulty lacks its fields
     */
    static Scanned scan(ByteBuf line) {
        int length = line.readableBytes();
        if (line.hasArray()) {
            int from = line.arrayOffset() + line.readerIndex();
            return new Cursor(line.array(), from, from + length).topLevel();
        }
        // One bulk copy, then plain array reads: on Java 25 Netty runs without Unsafe, and byte-wise getByte on a
        // direct
        // buffer (bounds and liveness checks each time) made the scan slower than Jackson's tree parse.
        byte[] copy = new byte[length];
        line.getBytes(line.readerIndex(), copy);
        return new Cursor(copy, 0, length).topLevel();
    }

    /** Position in one line; a fresh one per line keeps the scanner free of shared state across event loops. */
    private static final class Cursor {
        private final byte[] buf;
        private final int from;
        private final int end;
        private int at;

        Cursor(byte[] buf, int from, int end) {
            this.buf = buf;
            this.from = from;
            this.at = from;
            this.end = end;
        }

        Scanned topLevel() {
            skipSpace();
            expect('{');
            int methodStart = -1;
            int methodEnd = -1;
            int params = -1;
            skipSpace();
            if (peek() == '}') {
                return Reply.INSTANCE;
            }
            while (true) {
                skipSpace();
                int keyStart = at + 1;
                int keyEnd = stringEnd();
                skipSpace();
                expect(':');
                skipSpace();
                if (equals(keyStart, keyEnd, METHOD)) {
                    if (peek() == '"') {
                        methodStart = at + 1;
                        methodEnd = stringEnd();
                    } else {
                        skipValue(0); // null on replies from some pools
                    }
                } else if (equals(keyStart, keyEnd, PARAMS)) {
                    params = at;
                    skipValue(0);
                } else {
                    skipValue(0);
                }
                skipSpace();
                byte b = next();
                if (b == '}') {
                    break;
                }
                if (b != ',') {
                    throw bad("expected ',' or '}' after a value", at - 1);
                }
            }
            if (methodStart < 0) {
                return Reply.INSTANCE;
            }
            if (equals(methodStart, methodEnd, NOTIFY)) {
                return notify(requireParams(params, "mining.notify"));
            }
            if (equals(methodStart, methodEnd, SET_DIFFICULTY)) {
                return setDifficulty(requireParams(params, "mining.set_difficulty"));
            }
            return new OtherMethod(new String(buf, methodStart, methodEnd - methodStart, StandardCharsets.UTF_8));
        }

        private int requireParams(int params, String method) {
            if (params < 0) {
                throw new IllegalArgumentException(method + " without \"params\"");
            }
            return params;
        }

        private Notify notify(int params) {
            at = params;
            expect('[');
            String jobId = null;
            String prevHash = null;
            String ntime = null;
            int index = 0;
            skipSpace();
            if (peek() == ']') {
                throw new IllegalArgumentException("mining.notify with empty params");
            }
            while (true) {
                skipSpace();
                switch (index) {
                    case 0 -> jobId = plainString("params[0] (job id)");
                    case 1 -> prevHash = hexString("params[1] (prevhash)", 64);
                    case 7 -> ntime = hexString("params[7] (ntime)", 8);
                    default -> skipValue(0);
                }
                index++;
                skipSpace();
                byte b = next();
                if (b == ']') {
                    break;
                }
                if (b != ',') {
                    throw bad("expected ',' or ']' in params", at - 1);
                }
            }
            if (index < NOTIFY_PARAMS) {
                throw new IllegalArgumentException(
                        "mining.notify with " + index + " params, expected " + NOTIFY_PARAMS);
            }
            if (jobId.isEmpty()) {
                throw new IllegalArgumentException("mining.notify with an empty job id");
            }
            return new Notify(jobId, prevHash, ntime);
        }

        private SetDifficulty setDifficulty(int params) {
            at = params;
            expect('[');
            skipSpace();
            int start = at;
            while (at < end && "+-.0123456789eE".indexOf(buf[at]) >= 0) {
                at++;
            }
            String number = new String(buf, start, at - start, StandardCharsets.US_ASCII);
            double d;
            try {
                d = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw bad("mining.set_difficulty params[0] is not a number", start);
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("mining.set_difficulty must be above 0, got " + number);
            }
            return new SetDifficulty(d);
        }

        /** A string value without escapes (ids and hex never need them; anything escaped is refused, not misread). */
        private String plainString(String what) {
            if (peek() != '"') {
                throw bad(what + " is not a string", at);
            }
            int start = at + 1;
            int close = stringEnd();
            for (int i = start; i < close; i++) {
                if (buf[i] == '\\') {
                    throw bad(what + " holds an escape sequence", i);
                }
            }
            return new String(buf, start, close - start, StandardCharsets.US_ASCII);
        }

        private String hexString(String what, int length) {
            int start = at + 1;
            String s = plainString(what);
            if (s.length() != length) {
                throw bad(what + " must be " + length + " hex digits, got " + s.length(), start);
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                    throw bad(what + " is not hex", start + i);
                }
            }
            return s;
        }

        /** Moves past one value of any kind; depth guards against a hostile line that only opens arrays. */
        private void skipValue(int depth) {
            if (depth > 32) {
                throw bad("nested deeper than 32", at);
            }
            byte b = peek();
            switch (b) {
                case '"' -> stringEnd();
                case '[', '{' -> {
                    byte close = b == '[' ? (byte) ']' : (byte) '}';
                    at++;
                    skipSpace();
                    if (peek() == close) {
                        at++;
                        return;
                    }
                    while (true) {
                        skipSpace();
                        if (close == '}') {
                            stringEnd();
                            skipSpace();
                            expect(':');
                            skipSpace();
                        }
                        skipValue(depth + 1);
                        skipSpace();
                        byte n = next();
                        if (n == close) {
                            return;
                        }
                        if (n != ',') {
                            throw bad("expected ',' or '" + (char) close + "'", at - 1);
                        }
                    }
                }
                default -> {
                    // number, true, false, null: runs until a delimiter; an empty run means no value at all
                    int start = at;
                    while (at < end) {
                        byte c = buf[at];
                        if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                            break;
                        }
                        at++;
                    }
                    if (at == start) {
                        throw bad("expected a value", start);
                    }
                }
            }
        }

        /** At an opening quote: moves past the closing one and returns its index. Escapes are stepped over. */
        private int stringEnd() {
            if (peek() != '"') {
                throw bad("expected a string", at);
            }
            int i = at + 1;
            // Eight bytes per step through the long hex runs (coinbase parts, merkle branch): a byte-wise loop over a
            // 1.5 KB notify costs ~1.2 us here, barely below Jackson; this brings it to a fraction of that.
            while (i + 8 <= end) {
                long word = (long) LONGS.get(buf, i);
                long hits = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES);
                if (hits != 0) {
                    i += Long.numberOfTrailingZeros(hits) >>> 3; // the lowest flag is exact (little-endian: first byte)
                    break;
                }
                i += 8;
            }
            for (; i < end; i++) {
                byte b = buf[i];
                if (b == '"') {
                    at = i + 1;
                    return i;
                }
                if (b == '\\') {
                    i++; // the escaped character, whatever it is, does not end the string
                }
            }
            throw bad("unterminated string", at);
        }

        private void skipSpace() {
            while (at < end) {
                byte b = buf[at];
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                    return;
                }
                at++;
            }
        }

        private byte peek() {
            if (at >= end) {
                throw bad("line ends early", at);
            }
            return buf[at];
        }

        private byte next() {
            byte b = peek();
            at++;
            return b;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw bad("expected '" + c + "'", at);
            }
            at++;
        }

        private boolean equals(int start, int stop, byte[] text) {
            if (stop - start != text.length) {
                return false;
            }
            for (int i = 0; i < text.length; i++) {
                if (buf[start + i] != text[i]) {
                    return false;
                }
            }
            return true;
        }

        private IllegalArgumentException bad(String what, int where) {
            return new IllegalArgumentException(what + " at offset " + (where - from));
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * The high bit of each zero byte of {@code x} set (the classic "has a zero byte" test): bytes above the first zero
     * may be flagged falsely by the borrow, the lowest flag never is.
     */
    private static long zeroBytes(long x) {
        return (x - LOW_BITS) & ~x & HIGH_BITS;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
