package org.potluck.miner;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Target;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One TCP connection to a pool: the handshake, the replies to our requests and the pool's own requests. Everything
 * except {@link #submit} runs on the connection's reader thread, so the session state needs no locking.
 */
final class MinerSession {
    /** The mask we offer in mining.configure, as ESP-Miner does; the pool answers with the bits it allows. */
    private static final int REQUESTED_VERSION_MASK = 0xffffffff;
    /** ESP-Miner's clamp; a pool asking for more is broken. */
    private static final int MAX_EXTRANONCE2_SIZE = 32;
    private static final int MAX_LINE_CHARS = 1 << 20;

    /** Our requests waiting for a reply, so each reply is read in the right light. */
    private sealed interface Pending {}

    private record Configure() implements Pending {}

    private record Subscribe() implements Pending {}

    private record Authorize() implements Pending {}

    private record SuggestDifficulty() implements Pending {}

    private record SubmitShare(String jobId, double hashDifficulty) implements Pending {}

    private final long id;
    private final Socket socket;
    private final MinerOptions options;
    private final MinerListener listener;
    private final WorkBoard board;
    private final CpuMiner miner;
    private final JsonMapper json;
    private final BufferedWriter out;
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    private byte[] extranonce1;
    private int extranonce2Size = -1;
    private volatile String extranonce1Hex;
    /** Difficulty and target in force for the next notify (a set_difficulty never changes work already handed out). */
    private double difficulty = 1;
    private byte[] target32LE = Target.toLittleEndian32(Target.fromDifficulty(1));
    private int versionMask;
    private volatile boolean subscribed;

    MinerSession(long id, Socket socket, MinerOptions options, MinerListener listener, WorkBoard board,
                 CpuMiner miner, JsonMapper json) throws IOException {
        this.id = id;
        this.socket = socket;
        this.options = options;
        this.listener = listener;
        this.board = board;
        this.miner = miner;
        this.json = json;
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    long id() {
        return id;
    }

    boolean subscribed() {
        return subscribed;
    }

    String extranonce1Hex() {
        return extranonce1Hex;
    }

    /** Runs the handshake, then handles lines until the connection ends; returns the reason it ended. */
    String run() throws IOException {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        // configure, subscribe and authorize go out back to back: a pool that silently drops mining.configure
        // (some do) would otherwise stall the handshake forever. Replies come back in order on one connection.
        if (options.versionRolling()) {
            ArrayNode extensions = json.createArrayNode().add("version-rolling");
            ObjectNode parameters = json.createObjectNode()
                    .put("version-rolling.mask", String.format("%08x", REQUESTED_VERSION_MASK))
                    .put("version-rolling.min-bit-count", 2);
            send("mining.configure", new Configure(), json.createArrayNode().add(extensions).add(parameters));
        }
        send("mining.subscribe", new Subscribe(), json.createArrayNode().add(options.userAgent()));
        send("mining.authorize", new Authorize(), json.createArrayNode().add(options.user()).add(options.password()));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.length() > MAX_LINE_CHARS) {
                return "pool sent a line of " + line.length() + " characters (limit " + MAX_LINE_CHARS + ")";
            }
            if (!line.isBlank()) {
                String problem = handleLine(line);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return "pool closed the connection";
    }

    /** Handles one JSON line; a non-null return ends the session with that reason. */
    private String handleLine(String line) {
        JsonNode message;
        try {
            message = json.readTree(line);
        } catch (JacksonException e) {
            listener.onMessage("ignored a line that is not JSON: " + abbreviate(line));
            return null;
        }
        if (!message.isObject()) {
            listener.onMessage("ignored a JSON line that is not an object: " + abbreviate(line));
            return null;
        }
        try {
            JsonNode method = message.get("method");
            if (method != null && !method.isNull()) {
                return onRequest(message, method.asString());
            }
            return onResponse(message);
        } catch (BadMessageException e) {
            return e.getMessage();
        }
    }

    // ---- replies to our requests ----

    private String onResponse(JsonNode message) {
        JsonNode idNode = message.get("id");
        if (idNode == null || !idNode.isIntegralNumber()) {
            listener.onMessage("ignored a reply without a numeric id: " + abbreviate(message.toString()));
            return null;
        }
        Pending request = pending.remove(idNode.longValue());
        if (request == null) {
            listener.onMessage("ignored a reply to unknown request id " + idNode);
            return null;
        }
        JsonNode result = message.path("result");
        JsonNode error = message.get("error");
        boolean failed = error != null && !error.isNull();
        switch (request) {
            case Configure c -> onConfigured(result, failed ? errorText(error) : null);
            case Subscribe s -> {
                if (failed) {
                    return "pool refused mining.subscribe: " + errorText(error);
                }
                onSubscribed(result);
            }
            case Authorize a -> {
                if (failed || !result.asBoolean(false)) {
                    return "pool refused to authorize " + options.user() + ": "
                            + (failed ? errorText(error) : "result " + result);
                }
                miner.authorized(this);
                if (options.suggestDifficulty() > 0) {
                    send("mining.suggest_difficulty", new SuggestDifficulty(),
                            json.createArrayNode().add(options.suggestDifficulty()));
                }
            }
            case SuggestDifficulty s -> {
                if (failed) {
                    listener.onMessage("pool refused mining.suggest_difficulty: " + errorText(error));
                }
            }
            case SubmitShare share -> {
                boolean accepted = !failed && result.isBoolean() && result.booleanValue();
                String reason = accepted ? null : failed ? errorText(error) : "pool answered " + result;
                miner.shareResult(share.jobId(), accepted, reason, share.hashDifficulty());
            }
        }
        return null;
    }

    private void onConfigured(JsonNode result, String error) {
        if (error != null) {
            listener.onMessage("pool does not support mining.configure (" + error + "); no version rolling");
            return;
        }
        if (!result.path("version-rolling").asBoolean(false)) {
            listener.onMessage("pool declined version rolling");
            return;
        }
        JsonNode mask = result.get("version-rolling.mask");
        if (mask == null || !mask.isString()) {
            listener.onMessage("pool accepted version rolling without a mask; not rolling");
            return;
        }
        setVersionMask(parseMask(mask.stringValue(), "mining.configure version-rolling.mask"));
    }

    private void onSubscribed(JsonNode result) {
        if (!result.isArray() || result.size() < 3 || !result.get(1).isString()
                || !result.get(2).isIntegralNumber()) {
            throw new BadMessageException("mining.subscribe result must be [subscriptions, extranonce1, "
                    + "extranonce2_size], got " + abbreviate(result.toString()));
        }
        setExtranonce(result.get(1).stringValue(), result.get(2).intValue(), "mining.subscribe");
        subscribed = true;
        listener.onConnected(extranonce1Hex, extranonce2Size);
    }

    // ---- the pool's requests and notifications ----

    private String onRequest(JsonNode message, String method) {
        JsonNode idNode = message.get("id");
        boolean wantsReply = idNode != null && !idNode.isNull();
        JsonNode params = message.path("params");
        Object result;
        Redirect redirect = null;
        try {
            result = switch (method) {
                case "mining.notify" -> {
                    onNotify(params);
                    yield true;
                }
                case "mining.set_difficulty" -> {
                    onSetDifficulty(params);
                    yield true;
                }
                case "mining.set_extranonce" -> {
                    if (!params.isArray() || params.size() < 2 || !params.get(0).isString()
                            || !params.get(1).isIntegralNumber()) {
                        throw new BadMessageException("mining.set_extranonce params must be [extranonce1 hex, "
                                + "extranonce2_size], got " + params);
                    }
                    setExtranonce(params.get(0).stringValue(), params.get(1).intValue(), "mining.set_extranonce");
                    yield true;
                }
                case "mining.set_version_mask" -> {
                    if (!params.isArray() || params.isEmpty() || !params.get(0).isString()) {
                        throw new BadMessageException("mining.set_version_mask params must be [mask hex], got "
                                + params);
                    }
                    int mask = parseMask(params.get(0).stringValue(), "mining.set_version_mask");
                    if (options.versionRolling()) {
                        setVersionMask(mask);
                    }
                    yield true;
                }
                case "client.reconnect" -> {
                    redirect = parseRedirect(params);
                    yield true;
                }
                case "client.show_message" -> {
                    listener.onMessage("pool says: " + (params.isArray() && !params.isEmpty()
                            ? params.get(0).asString() : params.toString()));
                    yield true;
                }
                // ESP-Miner answers the pool's keep-alive with "pong"; any non-error result would do.
                case "mining.ping", "ping", "client.ping" -> "pong";
                case "client.get_version" -> options.userAgent();
                default -> throw new UnknownMethodException(method);
            };
        } catch (UnknownMethodException e) {
            if (wantsReply) {
                replyError(idNode, 20, "unsupported method: " + method);
            } else {
                listener.onMessage("ignored unknown notification " + method);
            }
            return null;
        } catch (BadMessageException e) {
            if (wantsReply) {
                replyError(idNode, 20, e.getMessage());
            }
            listener.onMessage("ignored " + method + ": " + e.getMessage());
            return null;
        }
        if (wantsReply) {
            reply(idNode, result);
        }
        if (redirect != null) {
            miner.redirect(redirect);
            return "pool asked to reconnect to " + describe(redirect) + " in " + redirect.waitSeconds() + " s";
        }
        return null;
    }

    private void onNotify(JsonNode params) {
        Job job = Job.fromNotifyParams(params);
        if (extranonce1 == null) {
            throw new BadMessageException("mining.notify arrived before the mining.subscribe result");
        }
        board.publish(new Work(id, job, extranonce1, extranonce2Size, difficulty, target32LE, versionMask));
        listener.onJob(job.jobId(), job.clean());
    }

    private void onSetDifficulty(JsonNode params) {
        if (!params.isArray() || params.isEmpty() || !params.get(0).isNumber()) {
            throw new BadMessageException("mining.set_difficulty params must be [number], got " + params);
        }
        double d = params.get(0).asDouble();
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new BadMessageException("mining.set_difficulty must be a positive finite number, got " + d);
        }
        difficulty = d;
        target32LE = Target.toLittleEndian32(Target.fromDifficulty(d));
        listener.onDifficulty(d);
    }

    private void setExtranonce(String hex, int size, String source) {
        byte[] en1;
        try {
            en1 = Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new BadMessageException(source + " extranonce1 is not hex: " + e.getMessage(), e);
        }
        if (size < 0 || size > MAX_EXTRANONCE2_SIZE) {
            throw new BadMessageException(source + " extranonce2_size must be 0.." + MAX_EXTRANONCE2_SIZE
                    + ", got " + size);
        }
        // Like a difficulty change, a new extranonce applies from the next notify on.
        extranonce1 = en1;
        extranonce2Size = size;
        extranonce1Hex = Hex.encode(en1);
    }

    /** A new mask applies to the job being mined right away: the pool checks submits against its current mask. */
    private void setVersionMask(int poolMask) {
        versionMask = poolMask & REQUESTED_VERSION_MASK;
        Work current = board.current();
        if (current != null && current.session() == id && current.versionMask() != versionMask) {
            board.replaceCurrent(current.withVersionMask(versionMask));
        }
    }

    private Redirect parseRedirect(JsonNode params) {
        String host = "";
        int port = 0;
        int wait = 0;
        if (params.isArray()) {
            if (params.size() > 0 && !params.get(0).isNull()) {
                host = params.get(0).asString().strip();
            }
            if (params.size() > 1 && !params.get(1).isNull() && !params.get(1).asString().isBlank()) {
                port = integer(params.get(1), "client.reconnect port");
                if (port < 1 || port > 65535) {
                    throw new BadMessageException("client.reconnect port " + port + " is outside 1..65535");
                }
            }
            if (params.size() > 2 && !params.get(2).isNull() && !params.get(2).asString().isBlank()) {
                wait = integer(params.get(2), "client.reconnect wait");
                if (wait < 0 || wait > 3600) {
                    throw new BadMessageException("client.reconnect wait " + wait + " is outside 0..3600 s");
                }
            }
        }
        return new Redirect(host, port, wait);
    }

    // ---- writing ----

    /** Called from hashing threads. */
    void submit(Work work, byte[] extranonce2, int nonce, int version, double hashDifficulty) {
        ArrayNode params = json.createArrayNode()
                .add(options.user())
                .add(work.job().jobId())
                .add(Hex.encode(extranonce2))
                .add(String.format("%08x", work.job().ntime()))
                .add(String.format("%08x", nonce));
        if (work.versionMask() != 0) {
            params.add(String.format("%08x", options.versionBitsForm().submitted(version, work.job().version(), work.versionMask())));
        }
        send("mining.submit", new SubmitShare(work.job().jobId(), hashDifficulty), params);
    }

    private void send(String method, Pending kind, ArrayNode params) {
        long requestId = nextRequestId.getAndIncrement();
        pending.put(requestId, kind);
        ObjectNode request = json.createObjectNode().put("id", requestId).put("method", method);
        request.set("params", params);
        write(request);
    }

    private void reply(JsonNode requestId, Object result) {
        ObjectNode response = json.createObjectNode();
        response.set("id", requestId);
        response.set("result", json.valueToTree(result));
        response.putNull("error");
        write(response);
    }

    private void replyError(JsonNode requestId, int code, String text) {
        ObjectNode response = json.createObjectNode();
        response.set("id", requestId);
        response.putNull("result");
        response.putArray("error").add(code).add(text).addNull();
        write(response);
    }

    private void write(ObjectNode message) {
        String line = json.writeValueAsString(message);
        synchronized (out) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                close(); // the reader then sees the socket closed and the session ends
            }
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    // ---- small parsing helpers ----

    private static int parseMask(String hex, String source) {
        if (hex.isEmpty() || hex.length() > 8) {
            throw new BadMessageException(source + " must be up to 8 hex chars, got '" + hex + "'");
        }
        try {
            return Integer.parseUnsignedInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new BadMessageException(source + " is not hex: '" + hex + "'", e);
        }
    }

    private static int integer(JsonNode node, String what) {
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        try {
            return Integer.parseInt(node.asString().strip());
        } catch (NumberFormatException e) {
            throw new BadMessageException(what + " is not an integer: " + node, e);
        }
    }

    private static String errorText(JsonNode error) {
        if (error.isArray() && error.size() >= 2) {
            return error.get(1).asString() + " (code " + error.get(0).asString() + ")";
        }
        if (error.isObject() && error.has("message")) {
            return error.get("message").asString()
                    + (error.has("code") ? " (code " + error.get("code").asString() + ")" : "");
        }
        return error.isString() ? error.stringValue() : error.toString();
    }

    private static String describe(Redirect r) {
        return (r.host().isEmpty() ? "the same host" : r.host()) + ":" + (r.port() == 0 ? "same port" : r.port());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static final class UnknownMethodException extends RuntimeException {
        UnknownMethodException(String method) {
            super(method, null, false, false);
        }
    }
}
