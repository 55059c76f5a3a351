package org.potluck.pool.stratum;

import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.potluck.bitcoin.Hex;

/**
 * The state of one miner's connection. Confined to the connection's event loop, except for the few volatile fields
 * that the admin side may read.
 */
public final class MinerSession {
    /** How many of a session's most recent jobs are still accepted (older ones answer "job not found"). */
    static final int JOBS_KEPT = 16;

    final StratumConnection connection;
    final Channel channel;
    final byte[] extranonce1;
    final String extranonce1Hex;
    final Vardiff vardiff;
    final long connectedNanos = System.nanoTime();

    volatile boolean subscribed;
    volatile boolean authorized;
    volatile String userAgent = "";
    /** Escaped ({@link LogSafe}) for logs and storage. */
    volatile String user;
    /** The user exactly as authorized, which submits must name. */
    String userAsSent;
    volatile String address;
    volatile String worker;
    byte[] payoutScript;
    int versionMask;
    boolean versionRollingAsked;
    volatile double difficulty;
    boolean suggested;
    long jobCounter;
    double invalidScore;
    long invalidScoreNanos;
    int garbageLines;
    /** A refused login is logged once per connection, however often the client retries. */
    boolean loginRefusalLogged;
    final SeenShares seenShares = new SeenShares();
    /** Work not sent because the client was not reading (see StratumConnection#channelWritabilityChanged). */
    boolean workHeldBack;
    boolean heldBackClean;
    final Map<String, SentJob> jobs = new LinkedHashMap<>(32, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SentJob> eldest) {
            return size() > JOBS_KEPT;
        }
    };

    MinerSession(StratumConnection connection, Channel channel, byte[] extranonce1, Vardiff vardiff, double startDifficulty) {
        this.connection = connection;
        this.channel = channel;
        this.extranonce1 = extranonce1;
        this.extranonce1Hex = Hex.encode(extranonce1);
        this.vardiff = vardiff;
        this.difficulty = startDifficulty;
    }

    /** A name for this connection that no other has: its extranonce1. */
    public String id() {
        return extranonce1Hex;
    }

    public String address() {
        return address;
    }

    public String user() {
        return user;
    }

    public String remote() {
        return String.valueOf(channel.remoteAddress());
    }

    public double difficulty() {
        return difficulty;
    }

    public String userAgent() {
        return userAgent;
    }

    public Channel channel() {
        return channel;
    }

    /** Bytes written to this client that it has not taken yet (in the pool's buffer, not the kernel's). */
    public long pendingOutboundBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
