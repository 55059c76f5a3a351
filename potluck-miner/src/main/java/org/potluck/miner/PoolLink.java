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
import java.util.function.LongFunction;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Target;
import org.potluck.stratum.Extranonce;
import org.potluck.stratum.MinerMessages;
import org.potluck.stratum.PoolMessage;
import org.potluck.stratum.StratumError;
import org.potluck.stratum.StratumFormatException;
import org.potluck.stratum.StratumMessages;
import org.potluck.stratum.Submit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One TCP connection to a pool: the handshake, the replies to our requests and the pool's own requests. Every line is
 * read ({@link PoolMessage}) and written ({@link MinerMessages}) by potluck-stratum's codec; what to do with each is
 * decided here. Everything except {@link #submit} runs on the connection's reader thread, so the link's state needs no
 * locking.
 */
final class PoolLink {
    /** The mask we offer in mining.configure, as ESP-Miner does; the pool answers with the bits it allows. */
    private static final int REQUESTED_VERSION_MASK = 0xffffffff;

    private static final int MIN_VERSION_BITS = 2;
    /** ESP-Miner's clamp; a pool asking for more is broken. */
    private static final int MAX_EXTRANONCE2_SIZE = 32;

    private static final int MAX_LINE_CHARS = 1 << 20;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

    PoolLink(long id, Socket socket, MinerOptions options, MinerListener listener, WorkBoard board, CpuMiner miner)
            throws IOException {
        this.id = id;
        this.socket = socket;
        this.options = options;
        this.listener = listener;
        this.board = board;
        this.miner = miner;
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
            send(
                    new Configure(),
                    requestId ->
                            MinerMessages.configureVersionRolling(requestId, REQUESTED_VERSION_MASK, MIN_VERSION_BITS));
        }
        send(new Subscribe(), requestId -> MinerMessages.subscribe(requestId, options.userAgent()));
        send(new Authorize(), requestId -> MinerMessages.authorize(requestId, options.user(), options.password()));
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

    /** Handles one line; a non-null return ends the link with that reason. */
    private String handleLine(String line) {
        PoolMessage message;
        try {
            message = PoolMessage.decode(line);
        } catch (StratumFormatException e) {
            listener.onMessage(
                    "ignored a line that is not a Stratum message (" + e.getMessage() + "): " + abbreviate(line));
            return null;
        }
        switch (message) {
            case PoolMessage.Reply reply -> {
                try {
                    return onReply(reply);
                } catch (BadMessageException e) {
                    return e.getMessage();
                }
            }
            case PoolMessage.Reconnect r -> {
                obey(r, StratumMessages.RECONNECT, () -> miner.redirect(r));
                return "pool asked to reconnect to " + describe(r) + " in " + r.waitSeconds() + " s";
            }
            case PoolMessage.Malformed bad -> refuse(bad, bad.method(), bad.problem());
            case PoolMessage.OtherRequest other -> onOtherRequest(other);
            case PoolMessage.NewJob n -> obey(n, StratumMessages.NOTIFY, () -> onNotify(n));
            case PoolMessage.SetDifficulty d ->
                obey(d, StratumMessages.SET_DIFFICULTY, () -> onSetDifficulty(d.difficulty()));
            case PoolMessage.SetExtranonce e ->
                obey(
                        e,
                        StratumMessages.SET_EXTRANONCE,
                        () -> setExtranonce(e.extranonce(), StratumMessages.SET_EXTRANONCE));
            case PoolMessage.SetVersionMask m ->
                obey(m, StratumMessages.SET_VERSION_MASK, () -> {
                    if (options.versionRolling()) {
                        setVersionMask(m.mask());
                    }
                });
            case PoolMessage.ShowMessage m ->
                obey(m, StratumMessages.SHOW_MESSAGE, () -> listener.onMessage("pool says: " + m.text()));
        }
        return null;
    }

    // ---- replies to our requests ----

    private String onReply(PoolMessage.Reply reply) {
        JsonNode idNode = reply.id();
        if (!idNode.isIntegralNumber()) {
            listener.onMessage("ignored a reply without a numeric id: " + abbreviate(reply.toString()));
            return null;
        }
        Pending request = pending.remove(idNode.longValue());
        if (request == null) {
            listener.onMessage("ignored a reply to unknown request id " + idNode);
            return null;
        }
        JsonNode result = reply.result();
        switch (request) {
            case Configure c -> onConfigured(reply);
            case Subscribe s -> {
                if (reply.failed()) {
                    return "pool refused mining.subscribe: " + reply.error();
                }
                Extranonce extranonce;
                try {
                    extranonce = StratumMessages.subscriptionOf(result);
                } catch (StratumFormatException e) {
                    throw new BadMessageException(e.getMessage());
                }
                setExtranonce(extranonce, "mining.subscribe");
                subscribed = true;
                listener.onConnected(extranonce1Hex, extranonce2Size);
            }
            case Authorize a -> {
                if (!reply.isTrue()) {
                    return "pool refused to authorize " + options.user() + ": "
                            + (reply.failed() ? reply.error() : "result " + result);
                }
                miner.authorized(this);
                if (options.suggestDifficulty() > 0) {
                    send(
                            new SuggestDifficulty(),
                            requestId -> MinerMessages.suggestDifficulty(requestId, options.suggestDifficulty()));
                }
            }
            case SuggestDifficulty s -> {
                if (reply.failed()) {
                    listener.onMessage("pool refused mining.suggest_difficulty: " + reply.error());
                }
            }
            case SubmitShare share -> {
                boolean accepted = reply.isTrue();
                String reason = accepted ? null : reply.failed() ? reply.error().toString() : "pool answered " + result;
                miner.shareResult(share.jobId(), accepted, reason, share.hashDifficulty());
            }
        }
        return null;
    }

    private void onConfigured(PoolMessage.Reply reply) {
        if (reply.failed()) {
            listener.onMessage("pool does not support mining.configure (" + reply.error() + "); no version rolling");
            return;
        }
        JsonNode result = reply.result();
        if (!result.path("version-rolling").asBoolean(false)) {
            listener.onMessage("pool declined version rolling");
            return;
        }
        JsonNode mask = result.get("version-rolling.mask");
        if (mask == null || !mask.isString()) {
            listener.onMessage("pool accepted version rolling without a mask; not rolling");
            return;
        }
        try {
            setVersionMask(StratumMessages.maskOf(mask, "mining.configure version-rolling.mask"));
        } catch (StratumFormatException e) {
            throw new BadMessageException(e.getMessage());
        }
    }

    // ---- the pool's requests and notifications ----

    /** Carries out a pool's request and answers it if asked; one the miner cannot carry out is refused and ignored. */
    private void obey(PoolMessage request, String method, Runnable action) {
        try {
            action.run();
        } catch (BadMessageException e) {
            refuse(request, method, e.getMessage());
            return;
        }
        if (request.wantsReply()) {
            write(MinerMessages.result(request.id(), NODES.booleanNode(true)));
        }
    }

    private void refuse(PoolMessage request, String method, String problem) {
        if (request.wantsReply()) {
            write(MinerMessages.error(request.id(), StratumError.OTHER, problem));
        }
        listener.onMessage("ignored " + method + ": " + problem);
    }

    private void onOtherRequest(PoolMessage.OtherRequest request) {
        JsonNode result = switch (request.method()) {
            // ESP-Miner answers the pool's keep-alive with "pong"; any non-error result would do.
            case "mining.ping", "ping", "client.ping" -> NODES.stringNode("pong");
            case "client.get_version" -> NODES.stringNode(options.userAgent());
            default -> null;
        };
        if (result != null) {
            if (request.wantsReply()) {
                write(MinerMessages.result(request.id(), result));
            }
        } else if (request.wantsReply()) {
            write(MinerMessages.error(request.id(), StratumError.OTHER, "unsupported method: " + request.method()));
        } else {
            listener.onMessage("ignored unknown notification " + request.method());
        }
    }

    private void onNotify(PoolMessage.NewJob n) {
        if (extranonce1 == null) {
            throw new BadMessageException("mining.notify arrived before the mining.subscribe result");
        }
        MinerJob job = MinerJob.of(n.job());
        board.publish(new Work(id, job, extranonce1, extranonce2Size, difficulty, target32LE, versionMask));
        listener.onJob(job.jobId(), job.clean());
    }

    private void onSetDifficulty(double d) {
        difficulty = d;
        target32LE = Target.toLittleEndian32(Target.fromDifficulty(d));
        listener.onDifficulty(d);
    }

    private void setExtranonce(Extranonce extranonce, String source) {
        int size = extranonce.extranonce2Size();
        if (size > MAX_EXTRANONCE2_SIZE) {
            throw new BadMessageException(
                    source + " extranonce2_size must be 0.." + MAX_EXTRANONCE2_SIZE + ", got " + size);
        }
        // Like a difficulty change, a new extranonce applies from the next notify on.
        extranonce1 = Hex.decode(extranonce.extranonce1());
        extranonce2Size = size;
        extranonce1Hex = Hex.encode(extranonce1);
    }

    /** A new mask applies to the job being mined right away: the pool checks submits against its current mask. */
    private void setVersionMask(int poolMask) {
        versionMask = poolMask & REQUESTED_VERSION_MASK;
        Work current = board.current();
        if (current != null && current.session() == id && current.versionMask() != versionMask) {
            board.replaceCurrent(current.withVersionMask(versionMask));
        }
    }

    // ---- writing ----

    /** Called from hashing threads. */
    void submit(Work work, byte[] extranonce2, int nonce, int version, double hashDifficulty) {
        MinerJob job = work.job();
        Integer versionBits = work.versionMask() == 0
                ? null
                : options.versionBitsForm().submitted(version, job.version(), work.versionMask());
        Submit submit = Submit.ofValues(options.user(), job.jobId(), extranonce2, job.ntime(), nonce, versionBits);
        send(new SubmitShare(job.jobId(), hashDifficulty), requestId -> MinerMessages.submit(requestId, submit));
    }

    private void send(Pending kind, LongFunction<String> request) {
        long requestId = nextRequestId.getAndIncrement();
        pending.put(requestId, kind);
        write(request.apply(requestId));
    }

    /** Writes one line (the codec's lines end in a newline). */
    private void write(String line) {
        synchronized (out) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                close(); // the reader then sees the socket closed and the link ends
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

    // ---- small helpers ----

    private static String describe(PoolMessage.Reconnect r) {
        return (r.host().isEmpty() ? "the same host" : r.host()) + ":" + (r.port() == 0 ? "same port" : r.port());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
