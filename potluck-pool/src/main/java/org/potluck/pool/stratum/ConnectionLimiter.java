package org.potluck.pool.stratum;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.potluck.pool.PoolListener.ShedReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open Stratum connections per IP address and in all, and says whether one more may be kept. Without this one
 * host could open connections until the process runs out of file descriptors, and then nobody (not the web server,
 * the database or the node client either) can open anything.
 */
final class ConnectionLimiter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    /** A refused address is logged at most once per this interval (a flood would otherwise flood the log too). */
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Open connections of one address; the entry lives only while it has some, so the map stays as small as they are. */
    private static final class PerAddress {
        int open;
        long lastLoggedNanos = System.nanoTime() - LOG_INTERVAL_NANOS;
        long refusedSinceLog;
    }

    private final ConcurrentHashMap<InetAddress, PerAddress> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong totalRefusalLoggedNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final IntSupplier perIpLimit;
    private final IntSupplier totalLimit;

    /** Both limits are read at each connection, so a config reload moves them for the next one. */
    ConnectionLimiter(IntSupplier perIpLimit, IntSupplier totalLimit) {
        this.perIpLimit = perIpLimit;
        this.totalLimit = totalLimit;
    }

    /** Takes a place for a new connection from {@code address}; null when it was granted (release it on close). */
    ShedReason tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > totalLimit.getAsInt()) {
            total.decrementAndGet();
            long last = totalRefusalLoggedNanos.get();
            long now = System.nanoTime();
            if (now - last >= LOG_INTERVAL_NANOS && totalRefusalLoggedNanos.compareAndSet(last, now)) {
                log.warn(
                        "refusing new stratum connections: {} are open, the most stratum.max_connections allows",
                        totalLimit.getAsInt());
            }
            return ShedReason.TOTAL_LIMIT;
        }
        int limit = perIpLimit.getAsInt();
        boolean[] refused = {false};
        byAddress.compute(address, (a, entry) -> {
            PerAddress e = entry == null ? new PerAddress() : entry;
            if (e.open >= limit) {
                refused[0] = true;
                e.refusedSinceLog++;
                long now = System.nanoTime();
                if (now - e.lastLoggedNanos >= LOG_INTERVAL_NANOS) {
                    log.warn(
                            "refusing stratum connections from {}: {} are open, the most stratum.max_connections_per_ip allows "
                                    + "({} refused since the last such line)",
                            a.getHostAddress(),
                            e.open,
                            e.refusedSinceLog);
                    e.lastLoggedNanos = now;
                    e.refusedSinceLog = 0;
                }
            } else {
                e.open++;
            }
            return e;
        });
        if (refused[0]) {
            total.decrementAndGet();
            return ShedReason.PER_IP_LIMIT;
        }
        return null;
    }

    /** Gives back the place of a connection that {@link #tryAcquire} granted. */
    void release(InetAddress address) {
        total.decrementAndGet();
        byAddress.computeIfPresent(address, (a, e) -> --e.open <= 0 ? null : e);
    }

    int open() {
        return total.get();
    }

    /**
     * The default total: the process's file descriptor limit less a reserve of a tenth of it (at least 256, at most
     * 4096) for the web server's clients, the database, the journal, the node's RPC and ZMQ, and the JVM's own files.
     */
    static int defaultTotalLimit() {
        long fds = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;
        return fromDescriptorLimit(fds);
    }

    static int fromDescriptorLimit(long fds) {
        if (fds <= 0) {
            return 10_000; // not a Unix: no limit to read, and Windows' is far higher than this
        }
        long reserve = Math.clamp(fds / 10, 256, 4096);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(64, fds - reserve));
    }
}
