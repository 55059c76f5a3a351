package org.potluck.pool.stratum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Target;
import org.potluck.bitcoin.TxOut;
import org.potluck.pool.LoginRefusal;
import org.potluck.pool.PoolListener;
import org.potluck.pool.payout.AddressBook;
import org.potluck.pool.payout.HdAddresses;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.share.BlockAssembler;
import org.potluck.pool.share.Rejection;
import org.potluck.pool.share.ShareCheck;
import org.potluck.pool.share.ShareValidator;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.WorkTemplate;
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
 * One miner's Stratum v1 connection: reads JSON lines, answers each method, and turns submits into checked shares.
 * Everything here runs on the connection's event loop; the only blocking step (asking the node about an address) is
 * moved to a virtual thread and its answer brought back to the loop.
 */
public final class StratumConnection extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(StratumConnection.class);
    /** Consecutive lines that are not JSON-RPC before we stop listening to a client. */
    static final int GARBAGE_LIMIT = 3;
    /** An invalid share adds 1 to a score that halves every 10 s; above this the client is dropped and banned. */
    static final double INVALID_SCORE_LIMIT = 100;
    private static final double INVALID_HALF_LIFE_SECONDS = 10;

    private final StratumContext ctx;
    private MinerSession session;
    /** Caches for sendWork, valid for {@link #cachedDifficulty}; touched only on this connection's event loop. */
    private double cachedDifficulty;
    private byte[] cachedTargetLE;
    private byte[] cachedSetDifficulty;
    /**
     * A reply is written at once but flushed later, so that many replies to one client share one syscall: inside a
     * read burst {@link #channelReadComplete} flushes; otherwise (a journal batch completing many shares) one flush
     * task is queued behind the completions already waiting on the loop.
     */
    private boolean reading;
    private boolean flushQueued;
    /** Closes the connection if it is still not reading its replies; set while it is not (event-loop confined). */
    private ScheduledFuture<?> slowReaderClose;
    private final Runnable flushQueuedReplies = () -> {
        flushQueued = false;
        if (session != null) {
            session.channel.flush();
        }
    };

    public StratumConnection(StratumContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        var remote = (InetSocketAddress) c.channel().remoteAddress();
        if (remote != null && ctx.bans().isBanned(remote.getAddress())) {
            c.close();
            return;
        }
        var cfg = ctx.config();
        double start = clampStart(cfg.startDifficulty());
        session = new MinerSession(this, c.channel(), ctx.extranonces().allocate(),
                new Vardiff(cfg.minDifficulty(), cfg.maxDifficulty(), cfg.targetShareSeconds()), start);
        ctx.sessions().add(session);
        ctx.listener().minerConnected(session.remote());
        // A connection that never authorizes holds a file descriptor for nothing: close it after a while.
        c.executor().schedule(() -> {
            if (!session.authorized && c.channel().isActive()) {
                log.debug("closing {}: not authorized within {} s", session.remote(), cfg.idleSecondsBeforeAuthorize());
                c.close();
            }
        }, cfg.idleSecondsBeforeAuthorize(), TimeUnit.SECONDS);
    }

    private double clampStart(double d) {
        return Math.min(ctx.config().maxDifficulty(), Math.max(ctx.config().minDifficulty(), d));
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (session != null) {
            ctx.sessions().remove(session);
            ctx.listener().minerDisconnected(session.user, session.remote());
        }
    }

    /**
     * A client that does not read its replies (or reads slower than it asks) makes the channel unwritable once the
     * pool holds more than the write buffer's high water mark for it. From then on nothing more is read from it, so it
     * cannot make the pool write more; if it has not drained after slow_reader_close_seconds, it is closed.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        var channel = c.channel();
        if (!channel.isWritable()) {
            channel.config().setAutoRead(false);
            if (slowReaderClose == null && channel.isActive()) {
                int seconds = ctx.config().slowReaderCloseSeconds();
                slowReaderClose = c.executor().schedule(() -> closeSlowReader(c, seconds), seconds, TimeUnit.SECONDS);
            }
        } else {
            if (slowReaderClose != null) {
                slowReaderClose.cancel(false);
                slowReaderClose = null;
            }
            channel.config().setAutoRead(true);
            if (session != null && session.workHeldBack) {
                boolean clean = session.heldBackClean;
                session.workHeldBack = false;
                session.heldBackClean = false;
                sendWork(clean, true);
            }
        }
        c.fireChannelWritabilityChanged();
    }

    private void closeSlowReader(ChannelHandlerContext c, int seconds) {
        slowReaderClose = null;
        if (c.channel().isActive() && !c.channel().isWritable()) {
            String remote = session == null ? String.valueOf(c.channel().remoteAddress()) : session.remote();
            log.info("closing {}: it left {} bytes of replies unread for {} s", remote, session == null ? 0
                    : session.pendingOutboundBytes(), seconds);
            ctx.listener().connectionShed(remote, PoolListener.ShedReason.NOT_READING);
            c.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext c, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.debug("closing idle connection {}", session == null ? c.channel().remoteAddress() : session.remote());
            c.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            return; // a write that was pending when we closed the connection: nothing to tell
        }
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
            log.info("closing {}: line longer than {} bytes", c.channel().remoteAddress(), ctx.config().maxLineBytes());
        } else if (cause instanceof java.io.IOException) {
            log.debug("connection {} failed: {}", c.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("closing {} after an unexpected error", c.channel().remoteAddress(), cause);
        }
        c.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, ByteBuf line) {
        // A connection being closed (banned, garbage, too long a line) may still have hundreds of pipelined lines in
        // its read buffer: handling them would only spend the I/O thread that honest miners share.
        if (session == null || line.readableBytes() == 0 || !c.channel().isActive()) {
            return;
        }
        reading = true;
        byte[] bytes = ByteBufUtil.getBytes(line);
        // Nearly every line is a submit: the scanner reads those without a JSON tree, and leaves the rest to Jackson.
        SubmitScanner.Scanned scanned = SubmitScanner.scan(bytes, 0, bytes.length);
        if (scanned != null) {
            session.garbageLines = 0;
            submit(scanned.id(), scanned.submit());
            return;
        }
        StratumRequest request;
        try {
            request = StratumRequest.parse(bytes, 0, bytes.length);
        } catch (StratumFormatException e) {
            reply(StratumMessages.error(null, StratumError.OTHER, e.getMessage()));
            if (++session.garbageLines >= GARBAGE_LIMIT) {
                log.info("closing {}: {} lines in a row that are not JSON-RPC", session.remote(), session.garbageLines);
                c.channel().flush(); // the last error goes out before the close
                c.close();
            }
            return;
        }
        session.garbageLines = 0;
        if (request.isResponse()) {
            return; // an answer to our own request (a ping); nothing more to do
        }
        try {
            dispatch(request);
        } catch (StratumFormatException e) {
            reply(StratumMessages.error(request.id(), StratumError.OTHER, request.method() + ": " + e.getMessage()));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext c) {
        reading = false;
        c.flush();
        c.fireChannelReadComplete();
    }

    private void dispatch(StratumRequest r) throws StratumFormatException {
        switch (r.method()) {
            case "mining.subscribe" -> subscribe(r);
            case "mining.authorize" -> authorize(r);
            case "mining.configure" -> configure(r);
            case "mining.suggest_difficulty" -> suggestDifficulty(r);
            case "mining.extranonce.subscribe" -> reply(StratumMessages.result(r.id(), true));
            case "mining.submit" -> submit(r);
            case "mining.ping" -> reply(StratumMessages.result(r.id(), StratumJson.MAPPER.getNodeFactory().stringNode("pong")));
            case "mining.get_transactions" -> reply(StratumMessages.result(r.id(), StratumJson.MAPPER.createArrayNode()));
            default -> reply(StratumMessages.error(r.id(), StratumError.OTHER, "unknown method \"" + r.method() + "\""));
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
        result.add(ctx.config().extranonce2Size());
        reply(StratumMessages.result(r.id(), result));
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
        var loop = session.channel.eventLoop();
        // Resolving may ask the node (bcoin regtest addresses), which blocks: never on the event loop.
        Thread.ofVirtual().start(() -> {
            AddressBook.Resolution resolution = ctx.addresses().resolve(address);
            loop.execute(() -> finishAuthorize(id, userAsSent, user, address, worker, resolution));
        });
    }

    private void finishAuthorize(JsonNode id, String userAsSent, String user, String address, String worker,
                                 AddressBook.Resolution resolution) {
        if (ctx.bans().isBannedAddress(address)) {
            refuseLogin(id, user, LoginRefusal.BANNED_ADDRESS, "this address is banned by the pool operator");
            return;
        }
        if (HdAddresses.isHdSource(address) && !ctx.payout().scheme().equals("solo")) {
            refuseLogin(id, user, LoginRefusal.HD_SOURCE_NOT_SOLO,
                    "an xpub or descriptor as username is for solo mining; this pool shares blocks (PPLNS): use an address");
            return;
        }
        if (!resolution.ok()) {
            refuseLogin(id, user, LoginRefusal.NOT_AN_ADDRESS,
                    "username must be a payout address (optionally .worker): " + resolution.error());
            return;
        }
        boolean newAddress = session.payoutScript == null || !java.util.Arrays.equals(session.payoutScript, resolution.script());
        session.user = user;
        session.userAsSent = userAsSent;
        session.address = address;
        session.worker = worker;
        session.payoutScript = resolution.script();
        boolean first = !session.authorized;
        session.authorized = true;
        reply(StratumMessages.result(id, true));
        if (first) {
            log.info("miner {} authorized from {} ({}), difficulty {}", user, session.remote(),
                    session.userAgent.isEmpty() ? "no user agent" : session.userAgent, session.difficulty);
            ctx.listener().minerAuthorized(user, session.userAgent, session.remote(), session.difficulty);
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
        reply(StratumMessages.resultWithError(id, false, StratumError.UNAUTHORIZED, message));
        ctx.listener().loginRefused(session.remote(), user, reason, message);
        if (!session.loginRefusalLogged) {
            session.loginRefusalLogged = true;
            log.info("login refused for {} from {} ({}): {}", LogSafe.text(user), session.remote(), reason.label(),
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
                        throw new StratumFormatException("version-rolling.mask must be hex, got \"" + clip(mask.stringValue(), 20) + "\"");
                    }
                }
                // BIP310: the pool answers with the bits both sides allow.
                session.versionMask = ctx.config().versionMask() & minerMask;
                session.versionRollingAsked = true;
                result.put("version-rolling", true);
                result.put("version-rolling.mask", StratumMessages.hex32(session.versionMask));
            } else {
                result.put(name, false);
            }
        }
        reply(StratumMessages.result(r.id(), result));
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
        double clamped = clampStart(suggested);
        session.suggested = true;
        session.vardiff.reset(System.nanoTime());
        if (!r.id().isNull()) {
            reply(StratumMessages.result(r.id(), true));
        }
        if (clamped != session.difficulty) {
            session.difficulty = clamped;
            if (!session.jobs.isEmpty()) {
                sendWork(false, true); // ESP-Miner applies a difficulty only with the next notify
            }
        }
    }

    /** Sends the current job for this miner; with a difficulty first when asked (set_difficulty is always followed by a notify). */
    void sendWork(boolean clean, boolean withDifficulty) {
        if (!session.subscribed || !session.authorized || !session.channel.isActive()) {
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
        if (!session.channel.isWritable()) {
            // The client is not reading what it was sent: more work would only pile up in its buffer. It gets fresh
            // work when it drains (channelWritabilityChanged), or is closed if it never does.
            session.workHeldBack = true;
            session.heldBackClean |= clean;
            return;
        }
        var plan = ctx.payout().planFor(template, new PayoutPolicy.Miner(payTo, script, session.userAgent));
        Job job = ctx.board().jobFor(template, plan);
        if (clean) {
            session.jobs.clear();
            session.seenShares.forgetUnless(template.prevHashDisplay());
        }
        String sessionJobId = Long.toHexString(++session.jobCounter);
        if (session.jobCounter == 1) {
            session.vardiff.begin(System.nanoTime()); // the miner starts hashing now: its silence counts from here
        }
        double difficulty = session.difficulty;
        refreshDifficultyCache(difficulty);
        session.jobs.put(sessionJobId, new SentJob(job, difficulty, cachedTargetLE));
        if (withDifficulty) {
            session.channel.write(Unpooled.wrappedBuffer(cachedSetDifficulty));
            ctx.listener().difficultyAssigned(session.extranonce1Hex, difficulty, template.height(), job.id());
        }
        // Only the session's job id differs between the notify lines of a job: splice it into the job's one serialization.
        session.channel.writeAndFlush(Unpooled.wrappedBuffer(job.notifyLine().encode(sessionJobId, clean)));
    }

    /**
     * The share target and set_difficulty line depend only on the difficulty, which rarely changes, while sendWork runs
     * for every session on every block: compute them again only when the difficulty has moved. Both are shared, never
     * written (SentJob and ShareValidator only read the target; a wrapped buffer does not write its array).
     */
    private void refreshDifficultyCache(double difficulty) {
        if (cachedTargetLE == null || Double.doubleToLongBits(difficulty) != Double.doubleToLongBits(cachedDifficulty)) {
            cachedTargetLE = Target.toLittleEndian32(Target.fromDifficulty(difficulty));
            cachedSetDifficulty = StratumMessages.setDifficulty(difficulty).getBytes(StandardCharsets.UTF_8);
            cachedDifficulty = difficulty;
        }
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
            reject(r.id(), Rejection.MALFORMED_SUBMIT, "mining.submit: " + e.getMessage(), 1);
            return;
        }
        check(r.id(), submit);
    }

    /** A submit already read by {@link SubmitScanner}. */
    private void submit(JsonNode id, Submit submit) {
        if (maySubmit(id)) {
            check(id, submit);
        }
    }

    private boolean maySubmit(JsonNode id) {
        if (!session.subscribed) {
            reject(id, Rejection.NOT_SUBSCRIBED, "not subscribed: send mining.subscribe first", 1);
            return false;
        }
        if (!session.authorized) {
            reject(id, Rejection.NOT_AUTHORIZED, "unauthorized worker: send mining.authorize first", 1);
            return false;
        }
        return true;
    }

    private void check(JsonNode id, Submit submit) {
        if (!submit.worker().equals(session.userAsSent)) {
            reject(id, Rejection.WRONG_WORKER, "unauthorized worker \"" + LogSafe.text(clip(submit.worker(), 60)) + "\"", 1);
            return;
        }
        SentJob sent = session.jobs.get(submit.jobId());
        if (sent == null) {
            reject(id, Rejection.UNKNOWN_JOB, "job not found (stale)", 0.2);
            return;
        }
        if (!ctx.board().isCurrent(sent.job)) {
            reject(id, Rejection.STALE_JOB, "stale share: the job predates the latest block", 0.2);
            return;
        }
        long started = System.nanoTime();
        ShareCheck check = ShareValidator.check(sent.job, submit, session.extranonce1, ctx.config().extranonce2Size(),
                session.versionMask, sent.targetLE, Instant.now().getEpochSecond());
        ctx.listener().shareChecked(System.nanoTime() - started);
        if (!check.valid()) {
            reject(id, check.rejection(), check.reason(), 1);
            return;
        }
        // By the header, not the job id or the bits as sent: the same work goes out again under a new id after a
        // difficulty change, and two firmware forms of one solution (BIP310's bits, ESP-Miner's delta) are one header.
        if (!session.seenShares.firstTime(sent.job.template().prevHashDisplay(), check.hash())) {
            reject(id, Rejection.DUPLICATE, "duplicate share", 1);
            return;
        }
        accept(id, submit, sent, check);
    }

    private void accept(JsonNode id, Submit submit, SentJob sent, ShareCheck check) {
        String blockHash = check.meetsNetworkTarget() ? BlockHeader.displayFromInternal(check.hash()) : null;
        String blockHex = null;
        PoolListener.BlockFound found = null;
        if (blockHash != null) {
            blockHex = BlockAssembler.blockHex(sent.job, check.header(), session.extranonce1, Hex.decode(submit.extranonce2()));
            found = new PoolListener.BlockFound(sent.job.template().height(), blockHash, session.address, session.worker,
                    sent.job.outputs(), sent.job);
        }
        // Record format 2: the version is the credited header's, whatever form the miner sent its bits in.
        var share = new AcceptedShare(0, Instant.now(), session.address, session.worker, session.userAgent, sent.job.id(),
                sent.difficulty, check.hashDifficulty(), blockHash != null, blockHash, new ShareProof.HeaderFields("sv1",
                session.extranonce1Hex, session.extranonce1Hex + submit.extranonce2(), check.version(), submit.ntime(),
                submit.nonce()));
        var loop = session.channel.eventLoop();
        ctx.recorder().record(ctx.jobStored().apply(sent.job), share, blockHex, found).whenComplete((stored, error) -> loop.execute(() -> {
            if (error != null) {
                log.error("share from {} could not be written to the journal: {}", session.user, error.toString());
                session.seenShares.forget(sent.job.template().prevHashDisplay(), check.hash());
                reply(StratumMessages.error(id, Sv1Errors.of(Rejection.STORAGE_FAILURE), "the pool could not record this share (storage failure); it was not credited"));
                return;
            }
            write(Unpooled.wrappedBuffer(StratumMessages.trueResult(id)));
            ctx.listener().shareAccepted(stored);
            double next = session.vardiff.onShare(session.difficulty, sent.difficulty, System.nanoTime());
            if (!Double.isNaN(next)) {
                retarget(next);
            }
        }));
    }

    /** Moves a miner to a new difficulty; it takes effect with the notify that follows. */
    void retarget(double next) {
        log.debug("vardiff {}: {} -> {}", session.user, session.difficulty, next);
        session.difficulty = next;
        sendWork(false, true);
    }

    private void reject(JsonNode id, Rejection rejection, String reason, double penalty) {
        reply(StratumMessages.error(id, Sv1Errors.of(rejection), reason));
        ctx.listener().shareRejected(session.user, rejection, reason);
        long now = System.nanoTime();
        double halfLives = (now - session.invalidScoreNanos) / 1e9 / INVALID_HALF_LIFE_SECONDS;
        session.invalidScore = session.invalidScore * Math.pow(0.5, halfLives) + penalty;
        session.invalidScoreNanos = now;
        if (session.invalidScore > INVALID_SCORE_LIMIT) {
            var remote = (InetSocketAddress) session.channel.remoteAddress();
            log.warn("banning {} ({}) for {} s: too many invalid shares", remote.getAddress().getHostAddress(), session.user,
                    ctx.config().banSeconds());
            ctx.bans().ban(remote.getAddress(), ctx.config().banSeconds());
            session.channel.flush(); // the last error goes out before the close
            session.channel.close();
        }
    }

    private void reply(String line) {
        write(ByteBufUtil.writeUtf8(session.channel.alloc(), line));
    }

    /** Writes a reply now and makes sure a flush follows soon (see {@link #reading}). */
    private void write(ByteBuf buf) {
        session.channel.write(buf, session.channel.voidPromise());
        if (!reading && !flushQueued) {
            flushQueued = true;
            session.channel.eventLoop().execute(flushQueuedReplies);
        }
    }

    /** Called on the event loop now and then: brings the difficulty down for a miner that has gone quiet. */
    void checkQuiet() {
        if (!session.authorized || session.jobs.isEmpty()) {
            return;
        }
        // Vardiff decides when silence is long enough: one target interval for a miner not yet measured, three after.
        double next = session.vardiff.onQuiet(session.difficulty, System.nanoTime());
        if (!Double.isNaN(next) && next < session.difficulty) {
            retarget(next);
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
