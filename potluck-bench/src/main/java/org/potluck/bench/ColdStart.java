package org.potluck.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * What {@code potluck bench --cold} reports of a pool measured from its process start: how long until it accepted a
 * TCP connection, until it accepted (or, for a pool that refuses every share of this load, answered) a first share,
 * and the submit latency in each second after the spawn. No warm-up comes before it.
 *
 * @param firstConnection spawn → the first TCP connection accepted on the pool's port
 * @param firstAccepted   spawn → the first share answered as accepted; null when none was (ckpool refuses them all)
 * @param bySecond        submit latency by the second after spawn in which the share was sent
 */
record ColdStart(Duration firstConnection, Duration firstAccepted, List<LatencyBySecond.Second> bySecond) {
    /** How often the port is tried while the pool starts: ckpool listens within ~10 ms, so a coarse poll would hide it. */
    private static final long POLL_MILLIS = 2;

    static ColdStart of(
            long spawnNanos, Duration firstConnection, LoadGenerator load, LoadGenerator.ShareReport shares) {
        long accepted = load.firstAcceptedNanos();
        return new ColdStart(
                firstConnection, accepted == 0 ? null : Duration.ofNanos(accepted - spawnNanos), shares.bySecond());
    }

    /**
     * Tries to connect until the pool accepts (then closes that connection at once).
     *
     * @return the time from {@code spawnNanos} to the first accepted connection
     */
    static Duration awaitFirstConnection(String host, int port, long spawnNanos, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var address = new InetSocketAddress(host, port);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
                return Duration.ofNanos(System.nanoTime() - spawnNanos);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "nothing listens on " + host + ":" + port + " after " + timeout.toSeconds() + " s", e);
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    String firstConnectionMillis() {
        return String.format("%.0f", firstConnection.toNanos() / 1e6);
    }

    String firstAcceptedMillis() {
        return firstAccepted == null ? "none accepted" : String.format("%.0f", firstAccepted.toNanos() / 1e6);
    }

    /** "answered: p50 / p99 ms" for one second after spawn, or "–" when no share sent in that second was answered. */
    String second(int second) {
        return bySecond.stream()
                .filter(s -> s.second() == second)
                .findFirst()
                .map(s -> String.format("%,d: %.2f / %.2f", s.count(), s.p50Millis(), s.p99Millis()))
                .orElse("–");
    }

    /** The first second after spawn in which a share sent was answered (-1 without any). */
    int firstSecond() {
        return bySecond.isEmpty() ? -1 : bySecond.getFirst().second();
    }

    int lastSecond() {
        return bySecond.isEmpty() ? -1 : bySecond.getLast().second();
    }
}
