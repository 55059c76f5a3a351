package org.potluck.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One simulated miner on a real TCP connection: subscribes, authorizes, keeps the latest job, and submits shares with
 * a fresh nonce each time (never duplicates). It speaks plain Stratum v1 and knows nothing about the pool behind it.
 * Replies to submits and the notifications (sent to every miner at each block) are scanned by hand, the generator's hot
 * paths; Jackson reads only the subscribe and authorize replies, once per connection.
 */
final class SimulatedMiner extends SimpleChannelInboundHandler<ByteBuf> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] ID = ascii("\"id\"");
    private static final byte[] RESULT = ascii("\"result\"");
    private static final byte[] ERROR = ascii("\"error\"");
    private static final byte[] SUBMIT_HEAD = ascii("{\"id\":");
    private static final byte[] SUBMIT_TAIL = ascii("\"]}\n");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final int RING = 1024; // most submits one miner may have unanswered
    private static final long SUBSCRIBE_ID = 1;
    private static final long AUTHORIZE_ID = 2;

    private final LoadGenerator generator;
    private final String user;
    private final long[] sentAt = new long[RING];
    private Channel channel;
    private long nextId = 10;
    private long outstanding;
    private int nonce;
    private String extranonce2Hex;
    private byte[] submitMiddle; // ,"method":"mining.submit","params":["user","job","en2","ntime","
    private boolean authorized;
    private boolean ready;
    private String prevHash = "";
    private ScheduledFuture<?> ticker;

    SimulatedMiner(LoadGenerator generator, String user) {
        this.generator = generator;
        this.user = user;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        channel = c.channel();
        String hello = "{\"id\":" + SUBSCRIBE_ID
                + ",\"method\":\"mining.subscribe\",\"params\":[\"potluck-bench/1.0\"]}\n" + "{\"id\":" + AUTHORIZE_ID
                + ",\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}\n";
        c.writeAndFlush(c.alloc().buffer(hello.length()).writeBytes(hello.getBytes(StandardCharsets.US_ASCII)));
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
        int start = line.readerIndex();
        int end = line.writerIndex();
        NotifyScanner.Scanned scanned;
        try {
            scanned = NotifyScanner.scan(line);
        } catch (IllegalArgumentException e) {
            // Reported, not thrown: an exception here would only close the connection, and the run would look clean.
            generator.protocolProblem(
                    "unreadable line (" + e.getMessage() + "): " + clip(line.toString(StandardCharsets.UTF_8)));
            return;
        }
        switch (scanned) {
            case NotifyScanner.Notify n -> {
                notification(n, now);
                return;
            }
            case NotifyScanner.SetDifficulty d -> {
                return; // the shares are checked by the pool, not here: nothing to keep
            }
            case NotifyScanner.OtherMethod m -> {
                return; // show_message, set_extranonce...: nothing to keep
            }
            case NotifyScanner.Reply r -> {
                // a reply: handled below
            }
        }
        long id = idOf(line, start, end);
        if (id == SUBSCRIBE_ID || id == AUTHORIZE_ID || id < 0) {
            response(id, line.toString(StandardCharsets.UTF_8), now);
            return;
        }
        LoadStats stats = generator.stats();
        stats.answered++;
        outstanding--;
        stats.submitLatency.recordNanos(now - sentAt[(int) (id % RING)]);
        int r = indexOf(line, start, end, RESULT);
        int v = r < 0 ? -1 : valueStart(line, r + RESULT.length, end);
        if (v >= 0 && line.getByte(v) == 't') {
            stats.accepted++;
        } else {
            stats.reject(errorText(line, start, end));
        }
        if (generator.flooding() && ready) {
            submit(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext c) {
        c.flush();
    }

    private void response(long id, String text, long now) {
        JsonNode reply;
        try {
            reply = JSON.readTree(text);
        } catch (JacksonException e) {
            generator.protocolProblem("unreadable reply: " + clip(text));
            return;
        }
        if (id == SUBSCRIBE_ID) {
            JsonNode result = reply.path("result");
            int size = result.path(2).asInt(0);
            if (!result.isArray() || size <= 0) {
                generator.protocolProblem("subscribe refused: " + clip(text));
                channel.close();
                return;
            }
            extranonce2Hex = "00".repeat(size);
        } else if (id == AUTHORIZE_ID) {
            if (!reply.path("result").asBoolean(false)) {
                generator.protocolProblem("authorize refused: " + clip(text));
                channel.close();
                return;
            }
            authorized = true;
            becomeReadyIfWorking(now);
        }
    }

    private void notification(NotifyScanner.Notify notify, long now) {
        String notifyPrevHash = notify.prevHash();
        if (!notifyPrevHash.equals(prevHash)) {
            prevHash = notifyPrevHash;
            generator.newPrevHashSeen(notifyPrevHash, now);
        }
        submitMiddle = ascii(",\"method\":\"mining.submit\",\"params\":[\"" + user + "\",\"" + notify.jobId() + "\",\""
                + (extranonce2Hex == null ? "00000000" : extranonce2Hex) + "\",\"" + notify.ntime() + "\",\"");
        becomeReadyIfWorking(now);
    }

    private void becomeReadyIfWorking(long now) {
        if (!ready && authorized && submitMiddle != null) {
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

    private void submit(boolean flush) {
        if (submitMiddle == null || outstanding >= RING - 1 || !channel.isActive()) {
            return;
        }
        long id = nextId++;
        int n = nonce++;
        ByteBuf buf = channel.alloc().buffer(SUBMIT_HEAD.length + 20 + submitMiddle.length + 8 + SUBMIT_TAIL.length);
        buf.writeBytes(SUBMIT_HEAD);
        writeDecimal(buf, id);
        buf.writeBytes(submitMiddle);
        for (int shift = 28; shift >= 0; shift -= 4) {
            buf.writeByte(HEX[(n >>> shift) & 0xf]);
        }
        buf.writeBytes(SUBMIT_TAIL);
        sentAt[(int) (id % RING)] = System.nanoTime();
        outstanding++;
        generator.stats().submitted++;
        if (flush) {
            channel.writeAndFlush(buf, channel.voidPromise());
        } else {
            channel.write(buf, channel.voidPromise());
        }
    }

    private static void writeDecimal(ByteBuf buf, long v) {
        if (v >= 10) {
            writeDecimal(buf, v / 10);
        }
        buf.writeByte('0' + (int) (v % 10));
    }

    private static long idOf(ByteBuf line, int start, int end) {
        int i = indexOf(line, start, end, ID);
        if (i < 0) {
            return -1;
        }
        int v = valueStart(line, i + ID.length, end);
        if (v < 0) {
            return -1;
        }
        long id = 0;
        boolean digits = false;
        for (int j = v; j < end; j++) {
            byte b = line.getByte(j);
            if (b < '0' || b > '9') {
                break;
            }
            id = id * 10 + (b - '0');
            digits = true;
        }
        return digits ? id : -1;
    }

    private static String errorText(ByteBuf line, int start, int end) {
        int e = indexOf(line, start, end, ERROR);
        if (e < 0) {
            return "(no error given)";
        }
        int v = valueStart(line, e + ERROR.length, end);
        String text = v < 0 ? "" : line.toString(v, Math.min(end - v, 60), StandardCharsets.UTF_8);
        // Keep the kind of error, not the numbers that differ from share to share.
        return text.replaceAll("[0-9.]+\\)", ")").replaceAll("\"id\".*", "");
    }

    /** Index of the first non-space byte after the colon that follows a key, or -1. */
    private static int valueStart(ByteBuf line, int from, int end) {
        int i = from;
        while (i < end && (line.getByte(i) == ' ' || line.getByte(i) == ':')) {
            i++;
        }
        return i < end ? i : -1;
    }

    private static int indexOf(ByteBuf buf, int start, int end, byte[] pattern) {
        outer:
        for (int i = start; i <= end - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buf.getByte(i + j) != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s.strip() : s.substring(0, 200);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
