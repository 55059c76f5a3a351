package org.potluck.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.potluck.stratum.Extranonce;
import org.potluck.stratum.MinerMessages;
import org.potluck.stratum.NotifyScanner;
import org.potluck.stratum.PoolMessage;
import org.potluck.stratum.StratumFormatException;
import org.potluck.stratum.StratumMessages;

/**
 * One simulated miner on a real TCP connection: subscribes, authorizes, keeps the latest job, and submits shares with
 * a fresh nonce each time (never duplicates). It speaks plain Stratum v1 through potluck-stratum's codec and knows
 * nothing about the pool behind it. The generator's hot paths take the codec's fast forms: the notifications (sent to
 * every miner at each block) and the replies to submits are read by {@link NotifyScanner}, and each submit is written
 * from the job's {@link MinerMessages.SubmitTemplate}; the general reader ({@link PoolMessage}) reads only the
 * subscribe and authorize replies, once per connection, and the rare refused share.
 */
final class SimulatedMiner extends SimpleChannelInboundHandler<ByteBuf> {
    /** Send times kept per miner (steady and flood: the most submits one miner may have unanswered). */
    static final int RING = 1024;

    private static final long SUBSCRIBE_ID = 1;
    private static final long AUTHORIZE_ID = 2;

    private final LoadGenerator generator;
    private final String user;
    private final long[] sentAt;
    private final long[] sentId; // which submit each slot's time belongs to: an open-loop miner may lap its ring
    private final int ringMask;
    private Channel channel;
    private long nextId = 10;
    private long outstanding;
    private int nonce;
    private String extranonce2Hex;
    private MinerMessages.SubmitTemplate submitTemplate; // the latest job's submits
    private byte[] submitScratch; // reused: the event loop writes one submit at a time
    private boolean authorized;
    private boolean ready;
    private String prevHash = "";
    private ScheduledFuture<?> ticker;
    private boolean flushPending; // open loop: written since the pacer last flushed

    SimulatedMiner(LoadGenerator generator, String user) {
        this(generator, user, RING);
    }

    /** @param ring send times kept, a power of two: an answer to an older submit is counted without a latency */
    SimulatedMiner(LoadGenerator generator, String user, int ring) {
        if (ring < 2 || Integer.bitCount(ring) != 1) {
            throw new IllegalArgumentException("ring must be a power of two of at least 2, got " + ring);
        }
        this.generator = generator;
        this.user = user;
        this.sentAt = new long[ring];
        this.sentId = new long[ring];
        this.ringMask = ring - 1;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        channel = c.channel();
        String hello = MinerMessages.subscribe(SUBSCRIBE_ID, "potluck-bench/1.0")
                + MinerMessages.authorize(AUTHORIZE_ID, user, "x");
        c.writeAndFlush(c.alloc().buffer(hello.length()).writeBytes(hello.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        generator.minerClosed(ready);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        c.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, ByteBuf line) {
        long now = System.nanoTime();
        int length = line.readableBytes();
        byte[] bytes;
        int from;
        if (line.hasArray()) {
            bytes = line.array();
            from = line.arrayOffset() + line.readerIndex();
        } else {
            // One bulk copy, then plain array reads: on Java 25 Netty runs without Unsafe, and byte-wise getByte on a
            // direct buffer (bounds and liveness checks each time) made the scan slower than Jackson's tree parse.
            bytes = new byte[length];
            line.getBytes(line.readerIndex(), bytes);
            from = 0;
        }
        NotifyScanner.Scanned scanned;
        try {
            scanned = NotifyScanner.scan(bytes, from, length);
        } catch (IllegalArgumentException e) {
            // Reported, not thrown: an exception here would only close the connection, and the run would look clean.
            generator.protocolProblem("unreadable line (" + e.getMessage() + "): " + clip(text(bytes, from, length)));
            return;
        }
        switch (scanned) {
            case NotifyScanner.JobHead job -> notification(job, now);
            case NotifyScanner.SetDifficulty d -> {
                // the shares are checked by the pool, not here: nothing to keep
            }
            case NotifyScanner.OtherMethod m -> {
                // show_message, set_extranonce...: nothing to keep
            }
            case NotifyScanner.Reply r -> reply(r, bytes, from, length, now);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext c) {
        c.flush();
    }

    private void reply(NotifyScanner.Reply r, byte[] bytes, int from, int length, long now) {
        long id = r.id();
        if (id == SUBSCRIBE_ID || id == AUTHORIZE_ID || id < 0) {
            response(id, text(bytes, from, length), now);
            return;
        }
        LoadStats stats = generator.stats();
        int epoch = generator.blockEpoch();
        stats.answeredIn(epoch);
        outstanding--;
        int slot = (int) (id & ringMask);
        if (sentId[slot] == id) {
            long latency = now - sentAt[slot];
            stats.submitLatency.recordNanos(latency);
            generator.recordBySecond(stats, sentAt[slot], latency);
        } else {
            stats.untimed++;
        }
        if (r.resultTrue()) {
            stats.accepted++;
            generator.shareAccepted(now);
        } else {
            String reason = refusal(text(bytes, from, length));
            stats.reject(reason, isStale(reason), epoch);
        }
        if (generator.flooding() && ready) {
            submit(false);
        }
    }

    private void response(long id, String text, long now) {
        PoolMessage.Reply reply;
        try {
            if (!(PoolMessage.decode(text) instanceof PoolMessage.Reply r)) {
                generator.protocolProblem("not a reply: " + clip(text));
                return;
            }
            reply = r;
        } catch (StratumFormatException e) {
            generator.protocolProblem("unreadable reply (" + e.getMessage() + "): " + clip(text));
            return;
        }
        if (id == SUBSCRIBE_ID) {
            Extranonce extranonce;
            try {
                extranonce = reply.failed() ? null : StratumMessages.subscriptionOf(reply.result());
            } catch (StratumFormatException e) {
                extranonce = null;
            }
            if (extranonce == null || extranonce.extranonce2Size() <= 0) {
                generator.protocolProblem("subscribe refused: " + clip(text));
                channel.close();
                return;
            }
            extranonce2Hex = "00".repeat(extranonce.extranonce2Size());
        } else if (id == AUTHORIZE_ID) {
            if (!reply.isTrue()) {
                generator.protocolProblem("authorize refused: " + clip(text));
                channel.close();
                return;
            }
            authorized = true;
            becomeReadyIfWorking(now);
        }
    }

    /**
     * The kind of a refused share, without the numbers that differ from share to share. A pool that answers
     * {@code "result": false} with a {@code "reject-reason"} (ckpool) gets the reason appended.
     */
    static String refusal(String text) {
        try {
            if (PoolMessage.decode(text) instanceof PoolMessage.Reply r) {
                String why = r.failed() ? r.error().code() + " " + r.error().message() : "result " + r.result();
                Matcher reason = REJECT_REASON.matcher(text);
                if (!r.failed() && reason.find()) {
                    why += " (" + reason.group(1) + ")";
                }
                return why.replaceAll("[0-9.]+\\)", ")");
            }
        } catch (StratumFormatException e) {
            // worded below
        }
        return "unreadable reply: " + clip(text);
    }

    private static final Pattern REJECT_REASON = Pattern.compile("\"reject-reason\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * Whether a refusal says the share's job is gone: Stratum v1 error 21 ("job not found", Potluck's answer to a
     * stale or unknown job), or a reason naming a stale share or an unknown job in other words (ckpool's
     * {@code "reject-reason": "Stale"} and {@code "Invalid JobID"}). These are the shares a slow fan-out costs.
     */
    static boolean isStale(String reason) {
        String lower = reason.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("21 ") || lower.contains("stale") || lower.contains("job");
    }

    private void notification(NotifyScanner.JobHead job, long now) {
        String notifyPrevHash = job.prevHash();
        if (!notifyPrevHash.equals(prevHash)) {
            prevHash = notifyPrevHash;
            generator.newPrevHashSeen(notifyPrevHash, now);
        }
        try {
            submitTemplate = MinerMessages.submitTemplate(
                    user, job.jobId(), extranonce2Hex == null ? "00000000" : extranonce2Hex, job.ntime());
        } catch (IllegalArgumentException e) {
            generator.protocolProblem("job id the bench cannot echo (" + e.getMessage() + ")");
            return;
        }
        if (submitScratch == null || submitScratch.length < submitTemplate.maxLength()) {
            submitScratch = new byte[submitTemplate.maxLength()];
        }
        becomeReadyIfWorking(now);
    }

    private void becomeReadyIfWorking(long now) {
        if (!ready && authorized && submitTemplate != null) {
            ready = true;
            generator.minerReady(now);
        }
    }

    /** Starts submitting: every period in steady mode (random phase so the load is smooth), a window at once in flood mode. */
    void startSubmitting(long periodNanos, int window) {
        if (window > 0) {
            for (int i = 0; i < window; i++) {
                submit(false);
            }
            channel.flush();
        } else {
            long phase = java.util.concurrent.ThreadLocalRandom.current().nextLong(periodNanos);
            ticker = channel.eventLoop()
                    .scheduleAtFixedRate(
                            () -> {
                                if (generator.submitting()) {
                                    submit(true);
                                }
                            },
                            phase,
                            periodNanos,
                            TimeUnit.NANOSECONDS);
        }
    }

    void stopSubmitting() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    /**
     * Open loop: one share now, whatever has come back. It goes out unless the socket will not take it: the kernel's
     * send buffer is full and Netty holds more than the generator's high-water mark (see {@link LoadGenerator}); then
     * it is counted as not sent (load side blocked) rather than queued in the generator without bound.
     *
     * @return whether this miner now needs a flush ({@link #flushIfPending()}): true for the first share written since
     *     the last one, so that the caller collects each miner once per tick
     */
    boolean offer() {
        LoadStats stats = generator.stats();
        stats.offered++;
        if (submitTemplate == null || !channel.isActive() || !channel.isWritable()) {
            stats.blocked++;
            return false;
        }
        write(false);
        boolean first = !flushPending;
        flushPending = true;
        return first;
    }

    void flushIfPending() {
        if (flushPending) {
            flushPending = false;
            channel.flush();
        }
    }

    private void submit(boolean flush) {
        if (submitTemplate == null || outstanding >= sentAt.length - 1 || !channel.isActive()) {
            return;
        }
        write(flush);
    }

    private void write(boolean flush) {
        long id = nextId++;
        int length = submitTemplate.encode(id, nonce++, submitScratch, 0);
        ByteBuf buf = channel.alloc().buffer(length).writeBytes(submitScratch, 0, length);
        int slot = (int) (id & ringMask);
        sentAt[slot] = System.nanoTime();
        sentId[slot] = id;
        outstanding++;
        generator.stats().submitted++;
        if (flush) {
            channel.writeAndFlush(buf, channel.voidPromise());
        } else {
            channel.write(buf, channel.voidPromise());
        }
    }

    private static String text(byte[] bytes, int from, int length) {
        return new String(bytes, from, length, StandardCharsets.UTF_8);
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s.strip() : s.substring(0, 200);
    }
}
