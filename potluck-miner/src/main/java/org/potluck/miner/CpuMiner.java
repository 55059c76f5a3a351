package org.potluck.miner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.potluck.bitcoin.Target;
import org.potluck.stratum.PoolMessage;

/**
 * A Stratum v1 client that mines sha256d on the CPU. It speaks the protocol the way the firmware in the field does
 * (ESP-Miner's handshake order, version rolling, difficulty applied at the next notify), which makes it a fair
 * stand-in for real hardware when testing a pool.
 *
 * <p>One virtual thread owns the connection (reading, handshake, reconnects); {@code threads} platform threads hash.
 */
public final class CpuMiner implements AutoCloseable {
    /** Enough for any real pool; a tiny regtest difficulty must not turn the miner into a flood. */
    static final double MAX_SUBMITS_PER_SECOND = 50;

    private static final long FULL_NONCE_RANGE = 1L << 32;
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final MinerOptions options;
    private final MinerListener listener;
    private final long noncesPerHeader;
    private final WorkBoard board = new WorkBoard();
    private final HashrateMeter meter = new HashrateMeter();
    private final SubmitRateLimiter limiter = new SubmitRateLimiter(MAX_SUBMITS_PER_SECOND, MAX_SUBMITS_PER_SECOND);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final LongAdder throttled = new LongAdder();
    private final AtomicLong linkIds = new AtomicLong();
    private final AtomicReference<PoolMessage.Reconnect> redirect = new AtomicReference<>();
    private final List<Thread> hashThreads = new ArrayList<>();
    private final Object lifecycle = new Object();

    private volatile PoolLink link;
    private volatile boolean running;
    private volatile boolean authorizedThisConnection;
    private boolean started;
    private Thread connectionThread;

    public CpuMiner(MinerOptions options, MinerListener listener) {
        this(options, listener, FULL_NONCE_RANGE);
    }

    /** Tests shrink the nonce range per header so that version rolling and extranonce2 changes happen quickly. */
    CpuMiner(MinerOptions options, MinerListener listener, long noncesPerHeader) {
        if (options == null) {
            throw new IllegalArgumentException("miner options are required");
        }
        this.options = options;
        this.listener = new SafeListener(listener);
        this.noncesPerHeader = noncesPerHeader;
    }

    /**
     * Starts the connection thread (which connects, runs the handshake and keeps reconnecting with backoff while the
     * miner runs) and the hashing threads, then returns at once; progress is reported to the listener.
     */
    public void start() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("this miner was already started; create a new one");
            }
            started = true;
            running = true;
            for (int i = 0; i < options.threads(); i++) {
                var worker = new HashWorker(i, options.threads(), noncesPerHeader, board, meter, this::onShareFound);
                Thread t = Thread.ofPlatform()
                        .daemon()
                        .name("potluck-miner-hash-" + i)
                        .unstarted(worker);
                t.setPriority(Thread.MIN_PRIORITY);
                hashThreads.add(t);
                t.start();
            }
            connectionThread =
                    Thread.ofVirtual().name("potluck-miner-connection").start(this::connectionLoop);
        }
    }

    /** Stops hashing and closes the connection; waits briefly for the threads to finish. Safe to call twice. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (lifecycle) {
            running = false;
            board.stop();
            PoolLink l = link;
            if (l != null) {
                l.close();
            }
            if (connectionThread != null) {
                connectionThread.interrupt();
            }
            toJoin = new ArrayList<>(hashThreads);
            if (connectionThread != null) {
                toJoin.add(connectionThread);
            }
        }
        for (Thread t : toJoin) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Hashes per second over the last couple of seconds, all threads together. */
    public double hashrate() {
        return meter.rate();
    }

    /** Subscribed to a pool right now. */
    public boolean connected() {
        PoolLink l = link;
        return l != null && l.subscribed();
    }

    /** The current connection's extranonce1 in hex, or null when not connected. */
    public String extranonce1() {
        PoolLink l = link;
        return l == null ? null : l.extranonce1Hex();
    }

    /** Shares found but not sent because of the submit rate cap. */
    long throttled() {
        return throttled.sum();
    }

    // ---- connection ----

    private void connectionLoop() {
        String host = options.host();
        int port = options.port();
        long backoff = FIRST_BACKOFF_MILLIS;
        while (running) {
            authorizedThisConnection = false;
            String reason;
            boolean wasOpen = false;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                wasOpen = true;
                var l = new PoolLink(linkIds.incrementAndGet(), socket, options, listener, board, this);
                link = l;
                if (!running) {
                    break; // close() ran while we were connecting and could not see this link
                }
                reason = l.run();
            } catch (IOException e) {
                reason = (wasOpen ? "connection to " : "cannot connect to ") + host + ":" + port + ": " + e;
            } finally {
                link = null;
                board.clear();
            }
            if (!running) {
                break;
            }
            if (wasOpen) {
                listener.onDisconnected(reason);
            } else {
                listener.onMessage(reason);
            }
            PoolMessage.Reconnect next = redirect.getAndSet(null);
            long pause;
            if (next != null) {
                host = next.host().isEmpty() ? host : next.host();
                port = next.port() == 0 ? port : next.port();
                pause = next.waitSeconds() * 1000L;
                backoff = FIRST_BACKOFF_MILLIS;
            } else {
                if (authorizedThisConnection) {
                    backoff = FIRST_BACKOFF_MILLIS; // a good session: this drop is news, not a pattern
                }
                pause = backoff;
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    // ---- called by the pool link and the hashing threads ----

    void authorized(PoolLink l) {
        if (l == link) {
            authorizedThisConnection = true;
        }
    }

    void redirect(PoolMessage.Reconnect next) {
        redirect.set(next);
    }

    void shareResult(String jobId, boolean ok, String error, double hashDifficulty) {
        (ok ? accepted : rejected).incrementAndGet();
        listener.onShare(jobId, ok, error, hashDifficulty);
    }

    private void onShareFound(Work work, byte[] extranonce2, int nonce, int version, byte[] hashInternal) {
        PoolLink l = link;
        if (l == null
                || l.id() != work.session()
                || !board.isValid(work.session(), work.job().jobId())) {
            return; // the job went stale (clean notify or new connection) while this hash was being found
        }
        if (!limiter.tryAcquire()) {
            throttled.increment();
            return;
        }
        l.submit(work, extranonce2, nonce, version, Target.difficultyOfHash(hashInternal));
    }
}
