package org.potluck.pool.stratum;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.core.MiningChannel;
import org.potluck.core.Rejection;
import org.potluck.core.SentJob;
import org.potluck.core.ShareResult;
import org.potluck.core.Submission;
import org.potluck.core.Vardiff;
import org.potluck.core.WorkTemplate;
import org.potluck.pool.LoginRefusal;
import org.potluck.pool.PoolListener;
import org.potluck.pool.payout.AddressBook;
import org.potluck.pool.payout.HdAddresses;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.work.Job;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareProof;
import org.potluck.stratum.StratumError;
import org.potluck.stratum.StratumFormatException;
import org.potluck.stratum.StratumJson;
import org.potluck.stratum.StratumMessages;
import org.potluck.stratum.StratumRequest;
import org.potluck.stratum.Submit;
import org.potluck.stratum.SubmitScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stratum v1 over one connection: reads each JSON line, answers each method, turns a submit into a core
 * {@link Submission} for the miner's {@link MiningChannel}, and the channel's {@link ShareResult} back into a reply
 * ({@link Sv1Errors} picks a refusal's code, here at the edge only). Everything here runs on the connection's event
 * loop; the only blocking step (asking the node about an address) is moved to a virtual thread and its answer brought
 * back to the loop. Sockets, framing and back-pressure are {@link StratumConnection}'s.
 */
public final class Sv1Session {
    private static final Logger log = LoggerFactory.getLogger(Sv1Session.class);
    /** Consecutive lines that are not JSON-RPC before we stop listening to a client. */
    static final int GARBAGE_LIMIT = 3;

    private final StratumContext ctx;
    private final NotifyLines notifyLines;
    private final Channel channel;
    private final ReplyWriter out;
    private final MinerSession session;
    private int garbageLines;
    /** Work not sent because the client was not reading (see StratumConnection#channelWritabilityChanged). */
    private boolean workHeldBack;

    private boolean heldBackClean;
    /** The set_difficulty line of {@link #cachedDifficulty}: sendWork runs for every session on every block. */
    private double cachedDifficulty = Double.NaN;

    private byte[] cachedSetDifficulty;

    Sv1Session(StratumContext ctx, NotifyLines notifyLines, Channel channel, ReplyWriter out, byte[] extranonce1) {
        this.ctx = ctx;
        this.notifyLines = notifyLines;
        this.channel = channel;
        this.out = out;
        var cfg = ctx.config();
        var vardiff = new Vardiff(cfg.minDifficulty(), cfg.maxDifficulty(), cfg.targetShareSeconds());
        this.session = new MinerSession(new MiningChannel<>(
                extranonce1, cfg.extranonce2Size(), ctx.board(), vardiff, clampStart(cfg.startDifficulty())));
    }

    private double clampStart(double d) {
        return Math.min(ctx.config().maxDifficulty(), Math.max(ctx.config().minDifficulty(), d));
    }

    public MinerSession miner() {
        return session;
    }

    public String user() {
        return session.user;
    }

    public String remote() {
        return String.valueOf(channel.remoteAddress());
    }

    public Channel channel() {
        return channel;
    }

    boolean authorized() {
        return session.authorized;
    }

    /** Bytes written to this client that it has not taken yet (in the pool's buffer, not the kernel's). */
    public long pendingOutboundBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** One line from the client, without its line end. */
    void onLine(byte[] bytes) {
        // Nearly every line is a submit: the scanner reads those without a JSON tree, and leaves the rest to Jackson.
        SubmitScanner.Scanned scanned = SubmitScanner.scan(bytes, 0, bytes.length);
        if (scanned != null) {
            garbageLines = 0;
            if (maySubmit(scanned.id())) {
                check(scanned.id(), scanned.submit());
            }
            return;
        }
        StratumRequest request;
        try {
            request = StratumRequest.parse(bytes, 0, bytes.length);
        } catch (StratumFormatException e) {
            out.write(StratumMessages.error(null, StratumError.OTHER, e.getMessage()));
            if (++garbageLines >= GARBAGE_LIMIT) {
                log.info("closing {}: {} lines in a row that are not JSON-RPC", remote(), garbageLines);
                channel.flush(); // the last error goes out before the close
                channel.close();
            }
            return;
        }
        garbageLines = 0;
        if (request.isResponse()) {
            return; // an answer to our own request (a ping); nothing more to do
        }
        try {
            dispatch(request);
        } catch (StratumFormatException e) {
            out.write(
                    StratumMessages.error(request.id(), StratumError.OTHER, request.method() + ": " + e.getMessage()));
        }
    }

    private void dispatch(StratumRequest r) throws StratumFormatException {
        switch (r.method()) {
            case "mining.subscribe" -> subscribe(r);
            case "mining.authorize" -> authorize(r);
            case "mining.configure" -> configure(r);
            case "mining.suggest_difficulty" -> suggestDifficulty(r);
            case "mining.extranonce.subscribe" -> out.write(StratumMessages.result(r.id(), true));
            case "mining.submit" -> submit(r);
            case "mining.ping" ->
                out.write(StratumMessages.result(
                        r.id(), StratumJson.MAPPER.getNodeFactory().stringNode("pong")));
            case "mining.get_transactions" ->
                out.write(StratumMessages.result(r.id(), StratumJson.MAPPER.createArrayNode()));
            default ->
                out.write(StratumMessages.error(r.id(), StratumError.OTHER, "unknown method \"" + r.method() + "\""));
        }
    }

    private void subscribe(StratumRequest r) {
        JsonNode agent = r.params().get(0);
        if (agent != null && agent.isString()) {
            session.userAgent = LogSafe.text(clip(agent.stringValue(), 80));
        }
        ArrayNode result = StratumJson.MAPPER.createArrayNode();
        ArrayNode subs = result.addArray();
        subs.addArray().add("mining.set_difficulty").add(session.extranonce1Hex);
        subs.addArray().add("mining.notify").add(session.extranonce1Hex);
        result.add(session.extranonce1Hex);
        result.add(session.mining.extranonce2Size());
        out.write(StratumMessages.result(r.id(), result));
        session.subscribed = true;
        if (session.authorized) {
            sendWork(true, true);
        }
    }

    private void authorize(StratumRequest r) throws StratumFormatException {
        JsonNode userNode = r.params().get(0);
        if (userNode == null || !userNode.isString() || userNode.stringValue().isBlank()) {
            throw new StratumFormatException("expected [\"ADDRESS.worker\", \"password\"]");
        }
        String userAsSent = clip(userNode.stringValue().trim(), 200);
        // Control characters are escaped as the names enter the pool: they are logged and stored from here on.
        String user = LogSafe.text(userAsSent);
        int dot = userAsSent.indexOf('.');
        String address = dot < 0 ? userAsSent : userAsSent.substring(0, dot);
        String worker = LogSafe.text(dot < 0 ? "default" : userAsSent.substring(dot + 1));
        JsonNode id = r.id();
        var loop = channel.eventLoop();
        // Resolving may ask the node (bcoin regtest addresses), which blocks: never on the event loop.
        Thread.ofVirtual().start(() -> {
            AddressBook.Resolution resolution = ctx.addresses().resolve(address);
            loop.execute(() -> finishAuthorize(id, userAsSent, user, address, worker, resolution));
        });
    }

    private void finishAuthorize(
            JsonNode id,
            String userAsSent,
            String user,
            String address,
            String worker,
            AddressBook.Resolution resolution) {
        if (ctx.bans().isBannedAddress(address)) {
            refuseLogin(id, user, LoginRefusal.BANNED_ADDRESS, "this address is banned by the pool operator");
            return;
        }
        if (HdAddresses.isHdSource(address) && !ctx.payout().scheme().equals("solo")) {
            refuseLogin(
                    id,
                    user,
                    LoginRefusal.HD_SOURCE_NOT_SOLO,
                    "an xpub or descriptor as username is for solo mining; this pool shares blocks (PPLNS): use an address");
            return;
        }
        if (!resolution.ok()) {
            refuseLogin(
                    id,
                    user,
                    LoginRefusal.NOT_AN_ADDRESS,
                    "username must be a payout address (optionally .worker): " + resolution.error());
            return;
        }
        boolean newAddress =
                session.payoutScript == null || !java.util.Arrays.equals(session.payoutScript, resolution.script());
        session.user = user;
        session.userAsSent = userAsSent;
        session.address = address;
        session.worker = worker;
        session.payoutScript = resolution.script();
        boolean first = !session.authorized;
        session.authorized = true;
        out.write(StratumMessages.result(id, true));
        if (first) {
            log.info(
                    "miner {} authorized from {} ({}), difficulty {}",
                    user,
                    remote(),
                    session.userAgent.isEmpty() ? "no user agent" : session.userAgent,
                    session.difficulty());
            ctx.listener().minerAuthorized(user, session.userAgent, remote(), session.difficulty());
        }
        if (session.subscribed && (first || newAddress)) {
            sendWork(true, true);
        }
    }

    /**
     * Answers a refused authorize. It is a login, not a share: counted apart by the listeners, and logged once per
     * connection (a client that retries in a loop would otherwise fill the log with the same line).
     */
    private void refuseLogin(JsonNode id, String user, LoginRefusal reason, String message) {
        out.write(StratumMessages.resultWithError(id, false, StratumError.UNAUTHORIZED, message));
        ctx.listener().loginRefused(remote(), user, reason, message);
        if (!session.loginRefusalLogged) {
            session.loginRefusalLogged = true;
            log.info(
                    "login refused for {} from {} ({}): {}",
                    LogSafe.text(user),
                    remote(),
                    reason.label(),
                    LogSafe.text(message));
        }
    }

    private void configure(StratumRequest r) throws StratumFormatException {
        JsonNode extensions = r.params().get(0);
        JsonNode params = r.params().size() > 1 ? r.params().get(1) : null;
        if (extensions == null || !extensions.isArray()) {
            throw new StratumFormatException("expected [[extensions...], {parameters}]");
        }
        ObjectNode result = StratumJson.MAPPER.createObjectNode();
        for (JsonNode ext : extensions) {
            String name = ext.asString("");
            if (name.equals("version-rolling")) {
                int minerMask = 0xffffffff;
                JsonNode mask = params == null ? null : params.get("version-rolling.mask");
                if (mask != null && mask.isString()) {
                    try {
                        minerMask = Integer.parseUnsignedInt(mask.stringValue(), 16);
                    } catch (NumberFormatException e) {
                        throw new StratumFormatException(
                                "version-rolling.mask must be hex, got \"" + clip(mask.stringValue(), 20) + "\"");
                    }
                }
                // BIP310: the pool answers with the bits both sides allow.
                session.mining.versionMask(ctx.config().versionMask() & minerMask);
                result.put("version-rolling", true);
                result.put("version-rolling.mask", StratumMessages.hex32(session.mining.versionMask()));
            } else {
                result.put(name, false);
            }
        }
        out.write(StratumMessages.result(r.id(), result));
    }

    private void suggestDifficulty(StratumRequest r) throws StratumFormatException {
        JsonNode value = r.params().get(0);
        double suggested;
        if (value != null && value.isNumber()) {
            suggested = value.asDouble();
        } else if (value != null && value.isString()) {
            try {
                suggested = Double.parseDouble(value.stringValue());
            } catch (NumberFormatException e) {
                throw new StratumFormatException("expected a number, got \"" + clip(value.stringValue(), 20) + "\"");
            }
        } else {
            throw new StratumFormatException("expected [difficulty]");
        }
        if (!(suggested > 0) || Double.isInfinite(suggested)) {
            throw new StratumFormatException("difficulty must be a positive number");
        }
        boolean changed = session.mining.suggest(clampStart(suggested), System.nanoTime());
        if (!r.id().isNull()) {
            out.write(StratumMessages.result(r.id(), true));
        }
        if (changed && session.mining.hasJobs()) {
            sendWork(false, true); // ESP-Miner applies a difficulty only with the next notify
        }
    }

    /** The client drained what it had not read: it gets the work it was not sent meanwhile. */
    void writable() {
        if (workHeldBack) {
            boolean clean = heldBackClean;
            workHeldBack = false;
            heldBackClean = false;
            sendWork(clean, true);
        }
    }

    /** Sends the current job for this miner; with a difficulty first when asked (set_difficulty is always followed by a notify). */
    void sendWork(boolean clean, boolean withDifficulty) {
        if (!session.subscribed || !session.authorized || !channel.isActive()) {
            return;
        }
        WorkTemplate template = ctx.board().template();
        if (template == null) {
            return; // no node yet: the work goes out as soon as a template arrives
        }
        String payTo = session.address;
        byte[] script = session.payoutScript;
        if (HdAddresses.isHdSource(payTo)) {
            // An xpub or descriptor pays its current fresh address, which moves on after each block it is paid by.
            AddressBook.Resolution fresh = ctx.addresses().resolve(payTo);
            if (fresh.ok()) {
                payTo = fresh.address();
                script = fresh.script();
            }
        }
        if (!channel.isWritable()) {
            // The client is not reading what it was sent: more work would only pile up in its buffer. It gets fresh
            // work when it drains (writable), or is closed if it never does.
            workHeldBack = true;
            heldBackClean |= clean;
            return;
        }
        var plan = ctx.payout().planFor(template, new PayoutPolicy.Miner(payTo, script, session.userAgent));
        Job job = ctx.board().jobFor(template, plan);
        SentJob<Job> sent = session.mining.send(job, clean, System.nanoTime());
        if (withDifficulty) {
            channel.write(Unpooled.wrappedBuffer(setDifficultyLine(sent.difficulty())));
            ctx.listener().difficultyAssigned(session.extranonce1Hex, sent.difficulty(), template.height(), job.id());
        }
        // Only the session's job id differs between the notify lines of a job: splice it into the job's one
        // serialization.
        channel.writeAndFlush(Unpooled.wrappedBuffer(notifyLines.of(job).encode(Long.toHexString(sent.id()), clean)));
    }

    /**
     * The set_difficulty line depends only on the difficulty, which rarely changes, while sendWork runs for every
     * session on every block: serialized again only when the difficulty has moved. Shared, never written (a wrapped
     * buffer does not write its array).
     */
    private byte[] setDifficultyLine(double difficulty) {
        if (Double.doubleToLongBits(difficulty) != Double.doubleToLongBits(cachedDifficulty)) {
            cachedSetDifficulty = StratumMessages.setDifficulty(difficulty).getBytes(StandardCharsets.UTF_8);
            cachedDifficulty = difficulty;
        }
        return cachedSetDifficulty;
    }

    private void submit(StratumRequest r) {
        if (!maySubmit(r.id())) {
            return;
        }
        Submit submit;
        try {
            submit = Submit.parse(r.params());
        } catch (StratumFormatException e) {
            // A malformed share is an invalid share: it must count toward the flood ban like any other.
            reject(
                    r.id(),
                    session.mining.refuse(
                            Rejection.MALFORMED_SUBMIT, "mining.submit: " + e.getMessage(), System.nanoTime()));
            return;
        }
        check(r.id(), submit);
    }

    private boolean maySubmit(JsonNode id) {
        if (!session.subscribed) {
            reject(
                    id,
                    session.mining.refuse(
                            Rejection.NOT_SUBSCRIBED,
                            "not subscribed: send mining.subscribe first",
                            System.nanoTime()));
            return false;
        }
        if (!session.authorized) {
            reject(
                    id,
                    session.mining.refuse(
                            Rejection.NOT_AUTHORIZED,
                            "unauthorized worker: send mining.authorize first",
                            System.nanoTime()));
            return false;
        }
        return true;
    }

    private void check(JsonNode id, Submit submit) {
        if (!submit.worker().equals(session.userAsSent)) {
            reject(
                    id,
                    session.mining.refuse(
                            Rejection.WRONG_WORKER,
                            "unauthorized worker \"" + LogSafe.text(clip(submit.worker(), 60)) + "\"",
                            System.nanoTime()));
            return;
        }
        long started = System.nanoTime();
        ShareResult<Job> result =
                session.mining.submit(submission(submit), Instant.now().getEpochSecond(), started);
        switch (result) {
            case ShareResult.Rejected<Job> rejected -> {
                if (rejected.rejection() != Rejection.UNKNOWN_JOB && rejected.rejection() != Rejection.STALE_JOB) {
                    ctx.listener().shareChecked(System.nanoTime() - started); // it got as far as the proof of work
                }
                reject(id, rejected);
            }
            case ShareResult.BlockFound<Job> block -> {
                ctx.listener().shareChecked(System.nanoTime() - started);
                accept(id, submit, block, block.blockHex());
            }
            case ShareResult.Accepted<Job> accepted -> {
                ctx.listener().shareChecked(System.nanoTime() - started);
                accept(id, submit, accepted, null);
            }
        }
    }

    /** The submit's fields as the core takes them; a job id that is not one this session could have sent is 0 (unknown). */
    private static Submission submission(Submit submit) {
        long jobId = Sv1JobIds.parse(submit.jobId());
        byte[] extranonce2 = Hex.decode(submit.extranonce2());
        Integer bits = submit.versionBits();
        return bits == null
                ? Submission.of(jobId, extranonce2, submit.ntime(), submit.nonce())
                : Submission.rolled(jobId, extranonce2, submit.ntime(), submit.nonce(), bits);
    }

    /** @param blockHex the whole block when the share is one (it goes to the node before the share is journaled) */
    private void accept(JsonNode id, Submit submit, ShareResult.Credited<Job> credited, String blockHex) {
        Job job = credited.job();
        String blockHash = blockHex == null ? null : BlockHeader.displayFromInternal(credited.hash());
        PoolListener.BlockFound found = blockHex == null
                ? null
                : new PoolListener.BlockFound(
                        job.template().height(), blockHash, session.address, session.worker, job.outputs(), job);
        AcceptedShare share = acceptedShare(submit, credited, blockHash);
        var loop = channel.eventLoop();
        ctx.recorder()
                .record(ctx.jobRecord().apply(job), share, blockHex, found)
                .whenComplete((stored, error) -> loop.execute(() -> {
                    if (error != null) {
                        log.error(
                                "share from {} could not be written to the journal: {}",
                                session.user,
                                error.toString());
                        session.mining.forget(credited);
                        out.write(StratumMessages.error(
                                id,
                                Sv1Errors.of(Rejection.STORAGE_FAILURE),
                                "the pool could not record this share (storage failure); it was not credited"));
                        return;
                    }
                    out.write(Unpooled.wrappedBuffer(StratumMessages.trueResult(id)));
                    ctx.listener().shareAccepted(stored);
                    double next = session.mining.recorded(credited, System.nanoTime());
                    if (!Double.isNaN(next)) {
                        retarget(next);
                    }
                }));
    }

    /**
     * The record of a credited share, as the journal and the public record keep it today (in Stratum v1's hex). The
     * stored version bits are the credited header's bits inside the pool's mask, whatever form the miner sent them in:
     * potluck verify rebuilds (job & ~pool mask) | bits, which is that header for every reading.
     */
    /** Record format 2: the version is the credited header's, whatever form the miner sent its bits in. */
    private AcceptedShare acceptedShare(Submit submit, ShareResult.Credited<Job> credited, String blockHash) {
        String channel = session.extranonce1Hex;
        return new AcceptedShare(
                0,
                Instant.now(),
                session.address,
                session.worker,
                session.userAgent,
                credited.job().id(),
                credited.creditedDifficulty(),
                credited.hashDifficulty(),
                blockHash != null,
                blockHash,
                new ShareProof.HeaderFields(
                        "sv1",
                        channel,
                        channel + submit.extranonce2(),
                        credited.version(),
                        submit.ntime(),
                        submit.nonce()));
    }

    /** The miner's difficulty moved (the channel holds it now); it takes effect with the notify that follows. */
    private void retarget(double next) {
        log.debug("vardiff {}: now {}", session.user, next);
        sendWork(false, true);
    }

    private void reject(JsonNode id, ShareResult.Rejected<Job> rejected) {
        out.write(StratumMessages.error(id, Sv1Errors.of(rejected.rejection()), rejected.reason()));
        ctx.listener().shareRejected(session.user, rejected.rejection(), rejected.reason());
        if (rejected.ban()) {
            var remote = (InetSocketAddress) channel.remoteAddress();
            log.warn(
                    "banning {} ({}) for {} s: too many invalid shares",
                    remote.getAddress().getHostAddress(),
                    session.user,
                    ctx.config().banSeconds());
            ctx.bans().ban(remote.getAddress(), ctx.config().banSeconds());
            channel.flush(); // the last error goes out before the close
            channel.close();
        }
    }

    /** Called on the event loop now and then: brings the difficulty down for a miner that has gone quiet. */
    void checkQuiet() {
        if (!session.authorized) {
            return;
        }
        // Vardiff decides when silence is long enough: one target interval for a miner not yet measured, three after.
        double next = session.mining.quiet(System.nanoTime());
        if (!Double.isNaN(next)) {
            retarget(next);
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
