package org.potluck.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.potluck.accounting.PayoutRules;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebRoutes;
import org.potluck.web.WebServer;
import org.potluck.web.dashboard.DashboardRoutes;
import org.potluck.web.dashboard.Events;
import org.potluck.web.dashboard.LiveStats;
import org.potluck.web.dashboard.PayoutPreview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server's live streams against real sockets: a subscriber that never reads is cut with what waits for it
 * bounded while an honest one keeps receiving (its latency measured), and streams beyond the total and per-address
 * limits are refused with 503 and 429 before any stream starts.
 */
class LiveStreamGuardsTest {
    private static final Logger log = LoggerFactory.getLogger(LiveStreamGuardsTest.class);
    /** Small enough that a stalled reader's socket fills after a few kilobytes; the kernel rounds it up a little. */
    private static final int STALLED_RECEIVE_BUFFER = 2048;

    private final InMemoryRecords records = new InMemoryRecords(PublishedRules.of(
            "regtest", "pplns", BigDecimal.valueOf(8), PayoutRules.minersOnly().withMaxOutputs(16), 0x1fffe000));
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private WebServer server(LiveStreams streams, WebRoutes... routes) {
        track(streams);
        return track(new WebServer(List.of(routes)).start("127.0.0.1", 0));
    }

    private static PublishedShare share(long sequence) {
        // A long worker name makes each event about half a kilobyte, like a real share with its fields.
        return PublishedShare.formatTwo(
                sequence,
                Instant.parse("2026-01-01T00:00:00Z").plusMillis(sequence),
                "bcrt1qstream",
                "rig-" + "x".repeat(200),
                "j1",
                "sv1",
                "00000001",
                "0000000100000000000000aa",
                0x20000000,
                0x68400000,
                0xabcd,
                1e-9,
                false,
                null);
    }

    private long publish(int count) {
        long last = records.sharesAfter(0, Integer.MAX_VALUE).size();
        for (int i = 0; i < count; i++) {
            records.accept(share(++last));
        }
        return last;
    }

    @Test
    void shareStreamSubscriberThatNeverReadsIsCutWithItsQueueBoundedWhileAnHonestOneKeepsUp() throws Exception {
        var streams = new LiveStreams(64, 16, Duration.ofSeconds(2));
        var web = server(streams, new PublicApiRoutes(records, streams));
        publish(10);
        Socket stalled =
                track(Raw.request("127.0.0.1", web.port(), "/api/v1/shares/stream?after=0", STALLED_RECEIVE_BUFFER));
        Raw.Lines honest = track(Raw.lines(Raw.request("127.0.0.1", web.port(), "/api/v1/shares/stream?after=0", 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openCount() == 2);

        int maxQueued = 0;
        long published = 10;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // Bounded in count and time: shares flow until the stalled reader is cut.
        while (streams.droppedSlow() == 0 && published < 200_000 && System.nanoTime() < deadline) {
            published = publish(100);
            for (LiveStreams.StreamView s : streams.streams()) {
                maxQueued = Math.max(maxQueued, s.queued());
            }
            Thread.sleep(10);
        }
        log.info(
                "stalled share subscriber cut after {} shares; most queued for one subscriber: {}",
                published,
                maxQueued);

        assertThat(streams.droppedSlow()).as("the stalled subscriber is cut").isEqualTo(1);
        assertThat(maxQueued).as("shares waiting for one subscriber").isLessThanOrEqualTo(ShareFeed.QUEUE_CAPACITY);
        assertThat(Raw.closedByServer(stalled, Duration.ofSeconds(10)))
                .as("its connection is closed")
                .isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openCount() == 1);

        // The honest subscriber gets every share in order (the flood above is faster than any real pool, so it may
        // be behind for a moment), and then the next one reaches it promptly.
        honest.awaitLine("id: " + published, Duration.ofSeconds(60));
        long sentAt = System.nanoTime();
        long last = publish(1);
        long latency = honest.awaitLine("id: " + last, Duration.ofSeconds(30)) - sentAt;
        log.info("honest share subscriber latency beside the stalled one: {} ms", latency / 1_000_000);
        assertThat(Duration.ofNanos(latency)).isLessThan(Duration.ofSeconds(5));
        List<Long> ids = honest.lines().stream()
                .filter(l -> l.startsWith("id: "))
                .map(l -> Long.parseLong(l.substring(4)))
                .toList();
        assertThat(ids).hasSize((int) last);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void dashboardPageThatNeverReadsIsCutAndOtherPagesKeepGettingTheirTicks() throws Exception {
        var streams = new LiveStreams(64, 16, Duration.ofSeconds(3));
        var clock = new Events.TestClock(Events.START);
        var stats = new LiveStats(clock, LiveStats.RoundReset.POOL_BLOCK);
        for (int i = 0; i < 10; i++) {
            // Workers with long names make each snapshot a few kilobytes, as on a busy pool.
            String user = "bcrt1qpage" + i + ".worker-with-a-long-name-" + "y".repeat(60);
            stats.minerAuthorized(user, "cpuminer/1.0", "127.0.0.1", 1);
            stats.shareAccepted(Events.share("bcrt1qpage" + i, "worker-with-a-long-name-" + "y".repeat(60), 1, 1 + i));
        }
        var dashboard = track(new DashboardRoutes(
                stats, PayoutPreview.NONE, (address, limit) -> List.of(), Duration.ofMillis(20), streams));
        var web = server(streams, dashboard);
        Socket stalled = track(Raw.request("127.0.0.1", web.port(), "/dashboard/events", STALLED_RECEIVE_BUFFER));
        Raw.Lines honest = track(Raw.lines(Raw.request("127.0.0.1", web.port(), "/dashboard/events", 0)));

        await().atMost(Duration.ofSeconds(60)).until(() -> streams.droppedSlow() == 1);
        assertThat(Raw.closedByServer(stalled, Duration.ofSeconds(10)))
                .as("the stalled page's connection is closed")
                .isTrue();
        long afterDrop = System.nanoTime();
        honest.awaitLine("event: pool", afterDrop, Duration.ofSeconds(10));

        long maxGap = honest.maxGapBetween("event: pool");
        log.info("honest dashboard page: longest wait between ticks beside the stalled page {} ms", maxGap / 1_000_000);
        assertThat(Duration.ofNanos(maxGap))
                .as("longest wait between two ticks of the honest page")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(streams.streams()).hasSize(1);
        assertThat(streams.streams().getFirst().queued()).isLessThanOrEqualTo(1);
    }

    @Test
    void streamsBeyondTheTotalAreRefusedWith503AndBeyondThePerAddressLimitWith429() throws Exception {
        var streams = new LiveStreams(4, 2, Duration.ofSeconds(10));
        var stats = new LiveStats();
        var dashboard = track(new DashboardRoutes(
                stats, PayoutPreview.NONE, (address, limit) -> List.of(), Duration.ofMillis(500), streams));
        var web = server(streams, new PublicApiRoutes(records, streams), dashboard);
        int port = web.port();

        track(Raw.lines(Raw.request("127.0.0.1", port, "/api/v1/shares/stream", 0)));
        Raw.Lines page = track(Raw.lines(Raw.request("127.0.0.1", port, "/dashboard/events", 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openCount() == 2);
        Raw.Response perIp = Raw.response("127.0.0.1", port, "/dashboard/events");
        assertThat(perIp.status()).as("third stream from one address").isEqualTo(429);
        assertThat(perIp.body()).contains("web.max_live_streams_per_ip");

        track(Raw.lines(Raw.request("127.0.0.2", port, "/dashboard/events", 0)));
        WebSocket ws = webSocket("127.0.0.2", port).get(10, java.util.concurrent.TimeUnit.SECONDS);
        opened.add(() -> ws.abort());
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openCount() == 4);

        Raw.Response full = Raw.response("127.0.0.3", port, "/api/v1/shares/stream");
        assertThat(full.status()).as("a stream beyond the total").isEqualTo(503);
        assertThat(full.body()).contains("web.max_live_streams");
        assertThatThrownBy(() -> webSocket("127.0.0.3", port).get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));

        // Plain requests are not held up by the full stream table.
        long start = System.nanoTime();
        try (var http = HttpClient.newHttpClient()) {
            var rules = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rules"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rules.statusCode()).isEqualTo(200);
        }
        long latency = System.nanoTime() - start;
        log.info("GET /api/v1/rules with every live stream place taken: {} ms", latency / 1_000_000);
        assertThat(Duration.ofNanos(latency)).isLessThan(Duration.ofSeconds(5));
        assertThat(streams.refused()).isEqualTo(3);

        // A stream that ends gives its place back (a page is noticed gone at its next tick).
        page.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openCount() == 3);
        Raw.Lines again = track(Raw.lines(Raw.request("127.0.0.3", port, "/api/v1/shares/stream", 0)));
        again.awaitLine(": potluck shares", 0, Duration.ofSeconds(10));
    }

    private java.util.concurrent.CompletableFuture<WebSocket> webSocket(String source, int port) {
        HttpClient http = track(HttpClient.newBuilder()
                .localAddress(InetAddress.ofLiteral(source))
                .build());
        return http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/shares/ws"), new WebSocket.Listener() {});
    }

    /** HTTP/1.0 by hand, so that a test decides exactly when (and whether) a response is read. */
    private static final class Raw {
        private Raw() {}

        record Response(int status, String body) {}

        /** Connects from {@code source} and sends a GET; a receive buffer above 0 is set before connecting. */
        static Socket request(String source, int port, String path, int receiveBuffer) throws IOException {
            var socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        }

        static Response response(String source, int port, String path) throws IOException {
            try (Socket socket = request(source, port, path, 0)) {
                socket.setSoTimeout(10_000);
                String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int status = Integer.parseInt(text.substring(9, 12));
                return new Response(status, text.substring(text.indexOf("\r\n\r\n") + 4));
            }
        }

        /** Drains what the server had sent; true once it closes the connection, false if it is still open at the end. */
        static boolean closedByServer(Socket socket, Duration within) throws IOException {
            long end = System.nanoTime() + within.toNanos();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (System.nanoTime() < end) {
                socket.setSoTimeout(500);
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open: keep draining
                } catch (SocketException e) {
                    return true; // reset by the server
                }
            }
            return false;
        }

        static Lines lines(Socket socket) {
            return new Lines(socket);
        }

        /** Reads every line as it comes, with the time it came. */
        static final class Lines implements AutoCloseable {
            private record Line(String text, long nanos) {}

            private final Socket socket;
            private final List<Line> lines = new CopyOnWriteArrayList<>();

            Lines(Socket socket) {
                this.socket = socket;
                Thread.ofVirtual().start(this::read);
            }

            private void read() {
                try (var reader =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(new Line(line, System.nanoTime()));
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }

            List<String> lines() {
                return lines.stream().map(Line::text).toList();
            }

            /** Waits for the line; returns when it arrived. */
            long awaitLine(String text, Duration within) {
                return awaitLine(text, 0, within);
            }

            /** Waits for the line to arrive after {@code afterNanos}; returns when it arrived. */
            long awaitLine(String text, long afterNanos, Duration within) {
                long[] at = {0};
                await().atMost(within).pollInterval(Duration.ofMillis(10)).until(() -> {
                    for (Line l : lines) {
                        if (l.text().equals(text) && l.nanos() - afterNanos > 0) {
                            at[0] = l.nanos();
                            return true;
                        }
                    }
                    return false;
                });
                return at[0];
            }

            long maxGapBetween(String text) {
                long max = 0;
                long previous = 0;
                for (Line l : lines) {
                    if (l.text().equals(text)) {
                        if (previous != 0) {
                            max = Math.max(max, l.nanos() - previous);
                        }
                        previous = l.nanos();
                    }
                }
                return max;
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        }
    }
}
