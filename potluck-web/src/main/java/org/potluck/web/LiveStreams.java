package org.potluck.web;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live stream the web server holds open (dashboard events, the share stream over SSE and over WebSocket), with
 * two guards:
 * <ul>
 *   <li>how many may be open, in all ({@code web.max_live_streams}; beyond it 503) and from one remote address
 *       ({@code web.max_live_streams_per_ip}; beyond it 429), so that opening thousands cannot starve the server;</li>
 *   <li>how long one send may take: a subscriber whose send has not finished after the deadline does not read its
 *       socket, and its connection is cut (counted as dropped). Each stream's socket send buffer is also held small, so
 *       what waits for a subscriber is at most that buffer, the server's output buffer and its feed's bounded queue.</li>
 * </ul>
 * A refused or dropped client loses nothing: EventSource reconnects on its own and share streams resume from their cursor.
 */
public final class LiveStreams implements AutoCloseable {
    public static final Duration DEFAULT_SEND_DEADLINE = Duration.ofSeconds(10);
    /** Enough for several events; the kernel doubles it on Linux. A larger default would grow with every slow reader. */
    static final int SOCKET_SEND_BUFFER = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    /** Whether a new stream may open: admitted with its handle, or refused with the HTTP status and why. */
    public sealed interface Admission {}

    public record Admitted(Stream stream) implements Admission {}

    public record Refused(int status, String message) implements Admission {}

    /** An open stream as the operator (and the tests) see it: who, and how many events wait in its feed's queue. */
    public record StreamView(String remote, int queued, boolean sending) {}

    /** How to cut a stream's connection at once, whatever its thread is blocked in. */
    @FunctionalInterface
    public interface Abort {
        void now();
    }

    /** One block of sending that the deadline watches. */
    @FunctionalInterface
    public interface Send {
        void run() throws IOException;
    }

    private final int maxTotal;
    private final int maxPerIp;
    private final long deadlineNanos;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, Integer> perIp = new ConcurrentHashMap<>();
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final LongAdder refusedTotal = new LongAdder();
    private final LongAdder refusedPerIp = new LongAdder();
    private final LongAdder droppedSlow = new LongAdder();
    private final ScheduledExecutorService watchdog;

    public LiveStreams(int maxTotal, int maxPerIp, Duration sendDeadline) {
        if (maxTotal < 1 || maxPerIp < 1) {
            throw new IllegalArgumentException(
                    "stream limits must be at least 1, got " + maxTotal + " and " + maxPerIp);
        }
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
        this.deadlineNanos = sendDeadline.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("live-stream-watchdog").factory());
        long every = Math.max(50, sendDeadline.toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::dropSlow, every, every, TimeUnit.MILLISECONDS);
    }

    /** With the defaults of {@code [web]}: for tests that serve route groups on their own (and close what they made). */
    public static LiveStreams withDefaults() {
        return new LiveStreams(
                WebConfig.DEFAULT_MAX_LIVE_STREAMS, WebConfig.DEFAULT_MAX_LIVE_STREAMS_PER_IP, DEFAULT_SEND_DEADLINE);
    }

    /**
     * Why a stream from {@code remote} would be refused now, or null when it would be admitted: checked before a
     * WebSocket upgrade or an event stream's headers, while an HTTP status can still be sent.
     */
    public Refused refusal(String remote) {
        remote = normalized(remote);
        if (total.get() >= maxTotal) {
            return overTotal();
        }
        return perIp.getOrDefault(remote, 0) >= maxPerIp ? overPerIp() : null;
    }

    private Refused overTotal() {
        return new Refused(
                503,
                "the server has " + maxTotal + " live streams open, its limit (web.max_live_streams);"
                        + " try again later");
    }

    private Refused overPerIp() {
        return new Refused(
                429,
                "your address has " + maxPerIp + " live streams open, the limit per address"
                        + " (web.max_live_streams_per_ip); close one first");
    }

    /** Takes a place for a stream from {@code remote}, or says why not; the place is given back by closing the stream. */
    public Admission admit(String remote, Abort abort) {
        String ip = normalized(remote);
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            refusedTotal.increment();
            return overTotal();
        }
        boolean[] placed = {false};
        perIp.compute(ip, (k, n) -> {
            int mine = n == null ? 0 : n;
            placed[0] = mine < maxPerIp;
            return placed[0] ? mine + 1 : n;
        });
        if (!placed[0]) {
            total.decrementAndGet();
            refusedPerIp.increment();
            return overPerIp();
        }
        var stream = new Stream(ip, abort);
        open.add(stream);
        return new Admitted(stream);
    }

    /** One spelling per address, whether it came from the servlet request ("[::1]") or a socket ("0:0:0:0:0:0:0:1"). */
    private static String normalized(String remote) {
        String bare =
                remote.startsWith("[") && remote.endsWith("]") ? remote.substring(1, remote.length() - 1) : remote;
        try {
            return InetAddress.ofLiteral(bare).getHostAddress();
        } catch (IllegalArgumentException e) {
            return bare;
        }
    }

    private void release(String remote) {
        total.decrementAndGet();
        perIp.computeIfPresent(remote, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Counts a refusal made before {@link #admit} (the WebSocket and SSE pre-checks). */
    public void countRefused(Refused refused) {
        (refused.status() == 429 ? refusedPerIp : refusedTotal).increment();
    }

    private void dropSlow() {
        long now = System.nanoTime();
        for (Stream s : open) {
            long since = s.sendingSince;
            if (since != 0 && now - since > deadlineNanos && s.dropped.compareAndSet(false, true)) {
                droppedSlow.increment();
                log.info(
                        "closing a live stream from {} that has not read for {} ms",
                        s.remote,
                        TimeUnit.NANOSECONDS.toMillis(now - since));
                try {
                    s.abort.now();
                } catch (RuntimeException e) {
                    log.debug("closing a slow live stream failed: {}", e.toString());
                }
            }
        }
    }

    public int openCount() {
        return total.get();
    }

    public long droppedSlow() {
        return droppedSlow.sum();
    }

    public long refused() {
        return refusedTotal.sum() + refusedPerIp.sum();
    }

    public List<StreamView> streams() {
        return open.stream()
                .map(s -> new StreamView(s.remote, s.queued.getAsInt(), s.sendingSince != 0))
                .toList();
    }

    /** Exports the open streams and the counts of refused and dropped ones. */
    public void register(PrometheusRegistry registry) {
        GaugeWithCallback.builder()
                .name("potluck_web_live_streams")
                .help("Live streams open (dashboard events, share SSE and WebSocket)")
                .callback(cb -> cb.call(openCount()))
                .register(registry);
        CounterWithCallback.builder()
                .name("potluck_web_live_streams_refused")
                .help("Live streams refused: over the total limit (total) or the per-address limit (per_ip)")
                .labelNames("limit")
                .callback(cb -> {
                    cb.call(refusedTotal.sum(), "total");
                    cb.call(refusedPerIp.sum(), "per_ip");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("potluck_web_live_streams_dropped_slow")
                .help("Live streams closed because their client did not read within the send deadline")
                .callback(cb -> cb.call(droppedSlow.sum()))
                .register(registry);
    }

    /**
     * Holds the request's socket send buffer to {@link #SOCKET_SEND_BUFFER} and returns how to cut its connection: a
     * stream's memory in the kernel then stays small, and a blocked write fails at once when the watchdog closes it.
     */
    public static Abort connectionOf(HttpServletRequest request) {
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(request)
                .getConnectionMetaData()
                .getConnection()
                .getEndPoint();
        if (endPoint.getTransport() instanceof NetworkChannel channel) {
            setQuietly(channel, StandardSocketOptions.SO_SNDBUF, SOCKET_SEND_BUFFER);
        }
        return endPoint::close;
    }

    private static <T> void setQuietly(NetworkChannel channel, SocketOption<T> option, T value) {
        try {
            channel.setOption(option, value);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("could not set {} on a live stream: {}", option, e.toString());
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** One open stream: wrap its sends in {@link #send} and close it when it ends. */
    public final class Stream implements AutoCloseable {
        private final String remote;
        private final Abort abort;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicBoolean dropped = new AtomicBoolean();
        private volatile long sendingSince;
        private volatile IntSupplier queued = () -> 0;

        private Stream(String remote, Abort abort) {
            this.remote = remote;
            this.abort = abort;
        }

        /** Runs one send under the deadline: if it is still blocked when the deadline passes, the connection is cut. */
        public void send(Send send) throws IOException {
            sendingSince = Math.max(1, System.nanoTime());
            try {
                send.run();
            } finally {
                sendingSince = 0;
            }
        }

        /** Where this stream's feed reports how many events wait for it. */
        public void reportQueue(IntSupplier queue) {
            this.queued = queue;
        }

        /** Whether the watchdog cut this stream for not reading. */
        public boolean dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.remove(this);
                release(remote);
            }
        }
    }
}
