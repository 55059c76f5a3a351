package org.potluck.pool.stratum;

import org.potluck.bitcoin.Hex;
import org.potluck.core.MiningChannel;
import org.potluck.pool.work.Job;

/**
 * What a Stratum v1 miner told the pool about itself (subscribed, logged in as whom, with what software), and the core
 * channel its shares are judged on. Confined to the connection's event loop, except for the volatile fields that the
 * admin side may read. It knows nothing of sockets: {@link Sv1Session} does the talking.
 */
public final class MinerSession {
    final MiningChannel<Job> mining;
    /** The extranonce1 as Stratum v1 spells it: the connection's name in the admin list, the logs and the records. */
    final String extranonce1Hex;

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
    /** A refused login is logged once per connection, however often the client retries. */
    boolean loginRefusalLogged;

    MinerSession(MiningChannel<Job> mining) {
        this.mining = mining;
        this.extranonce1Hex = Hex.encode(mining.extranonce1());
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

    public double difficulty() {
        return mining.difficulty();
    }

    public String userAgent() {
        return userAgent;
    }
}
