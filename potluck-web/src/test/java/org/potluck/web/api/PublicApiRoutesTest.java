package org.potluck.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.potluck.accounting.PayoutRules;
import org.potluck.accounting.published.BlockProof;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedCredit;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.accounting.published.PublishedPayout;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class PublicApiRoutesTest {
    /** Regtest's minimum-difficulty bits: network difficulty 4.656542373906925E-10, so tiny share weights fill it. */
    private static final int REGTEST_BITS = 0x207fffff;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final InMemoryRecords records = new InMemoryRecords(PublishedRules.of(
            "regtest", "pplns", BigDecimal.valueOf(8), PayoutRules.minersOnly().withMaxOutputs(16), 0x1fffe000));
    private final HttpClient http = HttpClient.newHttpClient();
    private final LiveStreams streams = LiveStreams.withDefaults();
    private WebServer server;
    private String base;

    @BeforeEach
    void start() {
        server = new WebServer(List.of(new PublicApiRoutes(records, streams))).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        http.shutdownNow();
        server.close();
        streams.close();
    }

    private static PublishedShare share(long sequence, String address, double difficulty) {
        String extranonce1 = "0000000" + (sequence % 10);
        return PublishedShare.formatTwo(
                sequence,
                Instant.parse("2025-06-01T12:00:00Z").plusSeconds(sequence),
                address,
                "rig1",
                "j1",
                "sv1",
                extranonce1,
                extranonce1 + "00000000000000aa",
                0x20000000,
                0x68400000,
                0xabcd,
                difficulty,
                false,
                null);
    }

    private void acceptShares(int count) {
        for (int i = 0; i < count; i++) {
            long seq = records.shareCount() + 1;
            records.accept(share(seq, seq % 2 == 0 ? "bcrt1qeven" : "bcrt1qodd", 1e-9));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Long> sequencesOfNdjson(String body) {
        return body.lines()
                .map(line -> JSON.readValue(line, PublishedShare.class).sequence())
                .toList();
    }

    @Test
    void rulesAreServedWithTheVersionMaskAsHexAndTheMultiplierAsANumber() throws Exception {
        HttpResponse<String> response = get("/api/v1/rules");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode rules = JSON.readTree(response.body());
        assertThat(rules.get("versionMask").asString()).isEqualTo("1fffe000");
        assertThat(rules.get("windowMultiplier").isNumber()).isTrue();
        assertThat(rules.get("network").asString()).isEqualTo("regtest");
        assertThat(JSON.readValue(response.body(), PublishedRules.class)).isEqualTo(records.rules());
    }

    @Test
    void sharesDownloadIsNdjsonResumableByTheLastSequence() throws Exception {
        acceptShares(5);

        HttpResponse<String> first = get("/api/v1/shares?after=0&limit=2");
        long next = Long.parseLong(
                first.headers().firstValue(PublicApiRoutes.NEXT_AFTER_HEADER).orElseThrow());
        HttpResponse<String> second = get("/api/v1/shares?after=" + next + "&limit=10");

        assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        assertThat(sequencesOfNdjson(first.body())).containsExactly(1L, 2L);
        assertThat(next).isEqualTo(2);
        assertThat(sequencesOfNdjson(second.body())).containsExactly(3L, 4L, 5L);
    }

    @Test
    void sharesAreServedInTheirRecordFormatWithTheFieldsOfThatFormat() throws Exception {
        Instant time = Instant.parse("2025-06-01T12:00:00Z");
        records.accept(PublishedShare.formatOne(
                1,
                time,
                "bcrt1qold",
                "rig1",
                "j1",
                "0a0b0c0d",
                "00000000000000ff",
                "68400000",
                "deadbeef",
                "00004000",
                1.0,
                false,
                null));
        records.accept(PublishedShare.formatTwo(
                2,
                time,
                "bcrt1qnew",
                "rig1",
                "j1",
                "sv1",
                "0a0b0c0d",
                "0a0b0c0d0000000000000100",
                0x20004000,
                0x68400001,
                0xbeef,
                1.0,
                false,
                null));

        List<JsonNode> lines =
                get("/api/v1/shares").body().lines().map(JSON::readTree).toList();

        assertThat(lines).hasSize(2);
        JsonNode old = lines.get(0);
        assertThat(old.get("format").asInt()).isEqualTo(1);
        assertThat(List.of(
                        old.get("extranonce1").asString(),
                        old.get("extranonce2").asString(),
                        old.get("ntime").asString(),
                        old.get("nonce").asString(),
                        old.get("versionBits").asString()))
                .containsExactly("0a0b0c0d", "00000000000000ff", "68400000", "deadbeef", "00004000");
        assertThat(old.get("channel").isNull()).isTrue();
        JsonNode now = lines.get(1);
        assertThat(now.get("format").asInt()).isEqualTo(2);
        assertThat(List.of(
                        now.get("protocol").asString(),
                        now.get("channel").asString(),
                        now.get("extranonce").asString(),
                        now.get("version").asString(),
                        now.get("ntime").asString(),
                        now.get("nonce").asString()))
                .containsExactly("sv1", "0a0b0c0d", "0a0b0c0d0000000000000100", "20004000", "68400001", "0000beef");
        assertThat(now.get("extranonce1").isNull()).isTrue();
        assertThat(now.get("versionBits").isNull()).isTrue();
        assertThat(now.has("connection")).as("a helper, not a field").isFalse();
    }

    @Test
    void shareDifficultyIsPrintedAsJavaPrintsTheDouble() throws Exception {
        records.accept(share(1, "bcrt1qodd", 9.5367431640625E-7));

        String line = get("/api/v1/shares").body().strip();

        assertThat(line).contains("\"difficulty\":9.5367431640625E-7");
    }

    @Test
    void badCursorsAndLimitsAreRefusedWith400AndAMessage() throws Exception {
        for (String query : List.of("after=abc", "after=-1", "limit=0", "limit=100001", "after=1.5")) {
            HttpResponse<String> response = get("/api/v1/shares?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asString())
                    .as(query)
                    .containsAnyOf("after", "limit");
        }
        assertThat(get("/api/v1/jobs?after=x").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/shares/stream?after=x").statusCode()).isEqualTo(400);
    }

    /** Reads SSE events (id and data) from a live response on a background thread. */
    private static final class SseReader implements AutoCloseable {
        record Event(long id, PublishedShare share) {}

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        /** Counted down when the server ends the stream. */
        final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        private final InputStream body;

        SseReader(InputStream body) {
            this.body = body;
            Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                long id = -1;
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("data: ")) {
                        events.add(new Event(id, JSON.readValue(line.substring(6), PublishedShare.class)));
                    }
                }
            } catch (Exception e) {
                // closed by the test
            } finally {
                ended.countDown();
            }
        }

        List<Long> take(int count) throws InterruptedException {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Event event = events.poll(5, TimeUnit.SECONDS);
                assertThat(event).as("event %d of %d", i + 1, count).isNotNull();
                assertThat(event.share().sequence()).isEqualTo(event.id());
                ids.add(event.id());
            }
            return ids;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private SseReader openStream(String query, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/shares/stream" + query))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        return new SseReader(response.body());
    }

    @Test
    void sseSendsTheBacklogAfterTheCursorThenLiveSharesWithoutGapsOrDuplicates() throws Exception {
        acceptShares(3);
        try (SseReader stream = openStream("?after=1", null)) {
            assertThat(stream.take(2)).containsExactly(2L, 3L);
            acceptShares(3);
            assertThat(stream.take(3)).containsExactly(4L, 5L, 6L);
            assertThat(stream.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void sseResumesFromLastEventIdOverTheQueryCursor() throws Exception {
        acceptShares(4);
        try (SseReader stream = openStream("?after=0", "3")) {
            assertThat(stream.take(1)).containsExactly(4L);
        }
    }

    @Test
    void sharesAcceptedWhileTheBacklogIsSentAreNeitherLostNorRepeated() throws Exception {
        acceptShares(1200);
        expectWhileAccepting("", 300, 1, 1500);
    }

    /** Opens the stream with {@code query} while {@code more} shares are accepted; expects exactly first..last. */
    private void expectWhileAccepting(String query, int more, long first, long last) throws Exception {
        Thread writer = Thread.ofVirtual().start(() -> acceptShares(more));
        try (SseReader stream = openStream(query, null)) {
            List<Long> ids = stream.take((int) (last - first + 1));
            writer.join();
            assertThat(ids)
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(first, last)
                            .boxed()
                            .toList());
            assertThat(stream.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aSubscriberStartingMidStreamGetsEverySequenceOnceWhileTheStoreLagsTheLog() throws Exception {
        acceptShares(300);
        records.storeOnlyUpTo(100); // shares 101 to 300 are in the share log only, as while the database is behind
        expectWhileAccepting("?after=50", 100, 51, 400);
    }

    @Test
    void aShareInNeitherTheLogNorTheStoreEndsTheStreamInsteadOfBeingSkipped() throws Exception {
        acceptShares(30);
        records.storeOnlyUpTo(8);
        records.logLacks(11, 20);
        try (SseReader stream = openStream("?after=5", null)) {
            assertThat(stream.take(5)).containsExactly(6L, 7L, 8L, 9L, 10L);
            assertThat(stream.ended.await(10, TimeUnit.SECONDS))
                    .as("the stream ends at the missing share")
                    .isTrue();
            assertThat(stream.events).isEmpty();
        }
    }

    @Test
    void sharesTheLogPassesOverAreSentFromTheStoreInTheirPlace() throws Exception {
        acceptShares(10);
        records.logLacks(11, 20); // a gap the journal recorded: those shares are in the database only
        try (SseReader stream = openStream("?after=5", null)) {
            assertThat(stream.take(5)).containsExactly(6L, 7L, 8L, 9L, 10L);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(records.followerCount()).isEqualTo(1));
            acceptShares(20);
            assertThat(stream.take(20))
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(11, 30)
                            .boxed()
                            .toList());
        }
    }

    @Test
    void webSocketSendsTheBacklogThenLiveShares() throws Exception {
        acceptShares(3);
        BlockingQueue<PublishedShare> received = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + server.port() + "/api/v1/shares/ws?after=2"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    received.add(JSON.readValue(text.toString(), PublishedShare.class));
                                    text.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        })
                .join();
        try {
            assertThat(received.poll(5, TimeUnit.SECONDS).sequence()).isEqualTo(3);
            acceptShares(2);
            assertThat(received.poll(5, TimeUnit.SECONDS).sequence()).isEqualTo(4);
            assertThat(received.poll(5, TimeUnit.SECONDS).sequence()).isEqualTo(5);
            assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void webSocketWithABadCursorIsRefusedWith400BeforeTheUpgrade() {
        assertThatThrownBy(() -> http.newWebSocketBuilder()
                        .buildAsync(
                                URI.create("ws://127.0.0.1:" + server.port() + "/api/v1/shares/ws?after=-5"),
                                new WebSocket.Listener() {})
                        .join())
                .isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("Unexpected HTTP response status code 400");
    }

    /** Blocks 101 (it left bcrt1qsmall out: a credit of 50) and 102, with the given statuses (null: not checked yet). */
    private void twoBlocks(String status101, String status102) throws Exception {
        acceptShares(6);
        records.addJob(job(
                "j101",
                101,
                0,
                List.of(new PublishedPayout("bcrt1qodd", 950, "MINER")),
                List.of(new PublishedCredit("bcrt1qsmall", 50, 0))));
        records.addJob(job("j102", 102, 5, List.of(new PublishedPayout("bcrt1qodd", 1000, "MINER")), List.of()));
        records.addBlock(new PublishedBlock(
                101,
                "aa".repeat(32),
                "j101",
                1,
                "bcrt1qodd",
                true,
                List.of(new PublishedOutput(950, "0014" + "00".repeat(20))),
                status101));
        records.addBlock(new PublishedBlock(102, "bb".repeat(32), "j102", 5, "bcrt1qodd", true, List.of(), status102));
    }

    private static PublishedJob job(
            String id, int height, long windowEnd, List<PublishedPayout> outputs, List<PublishedCredit> excluded) {
        long value = outputs.stream().mapToLong(PublishedPayout::sats).sum();
        return new PublishedJob(
                id,
                height,
                "00".repeat(32),
                "20000000",
                "207fffff",
                "68400000",
                "01",
                "02",
                12,
                List.of("11".repeat(32)),
                value,
                windowEnd,
                null,
                16,
                outputs,
                List.of(),
                excluded);
    }

    @Test
    void difficultyAssignmentsAreNdjsonResumableByTheLastSequenceWithExactDifficulties() throws Exception {
        for (long seq = 1; seq <= 3; seq++) {
            records.addDifficulty(new PublishedDifficulty(
                    seq,
                    Instant.parse("2025-06-01T12:00:00Z").plusSeconds(seq),
                    "0000000" + seq,
                    101,
                    "j" + seq,
                    9.5367431640625E-7 * seq));
        }

        HttpResponse<String> first = get("/api/v1/difficulties?after=0&limit=2");
        long next = Long.parseLong(
                first.headers().firstValue(PublicApiRoutes.NEXT_AFTER_HEADER).orElseThrow());
        List<PublishedDifficulty> rest = get("/api/v1/difficulties?after=" + next)
                .body()
                .lines()
                .map(l -> JSON.readValue(l, PublishedDifficulty.class))
                .toList();

        assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        assertThat(first.body().lines()).hasSize(2).first().asString().contains("\"difficulty\":9.5367431640625E-7");
        assertThat(next).isEqualTo(2);
        assertThat(rest).containsExactly(records.difficultiesAfter(2, 10).getFirst());
        assertThat(get("/api/v1/difficulties?after=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void jobsAreListedByCursorAndServedById() throws Exception {
        records.addJob(job("a", 101, 0, List.of(new PublishedPayout("bcrt1qodd", 1000, "MINER")), List.of()));
        records.addJob(job("b", 101, 0, List.of(new PublishedPayout("bcrt1qodd", 1000, "MINER")), List.of()));

        List<PublishedJobEntry> after10 = get("/api/v1/jobs?after=10")
                .body()
                .lines()
                .map(l -> JSON.readValue(l, PublishedJobEntry.class))
                .toList();

        assertThat(after10).extracting(e -> e.job().jobId()).containsExactly("b");
        assertThat(after10.getFirst().cursor()).isEqualTo(20);
        assertThat(JSON.readValue(get("/api/v1/jobs/a").body(), PublishedJob.class)
                        .jobId())
                .isEqualTo("a");
        assertThat(get("/api/v1/jobs/zzz").statusCode()).isEqualTo(404);
    }

    @Test
    void blockProofCarriesTheWindowSharesTheJobAndTheLedgerReplayedFromEarlierBlocks() throws Exception {
        twoBlocks(null, null);

        assertThat(JSON.readTree(get("/api/v1/blocks").body()).size()).isEqualTo(2);
        BlockProof proof = JSON.readValue(
                get("/api/v1/blocks/" + "bb".repeat(32) + "/proof").body(), BlockProof.class);

        // W* = 8 x 65535 / (0x7fffff x 2^24) = 8 x 4.6565423739069247E-10 (the double's digits): four shares of 1E-9
        // from share 5 down reach it.
        assertThat(proof.windowSize()).isEqualByComparingTo("3.72523389912553976E-9");
        assertThat(proof.windowShares()).extracting(PublishedShare::sequence).containsExactly(5L, 4L, 3L, 2L);
        assertThat(proof.window().total()).isEqualByComparingTo(proof.windowSize());
        assertThat(proof.window().weights()).containsOnlyKeys("bcrt1qodd", "bcrt1qeven");
        assertThat(proof.creditsBefore()).containsExactly(new PublishedCredit("bcrt1qsmall", 50, 101));
        assertThat(proof.job().jobId()).isEqualTo("j102");
        assertThat(proof.rules()).isEqualTo(records.rules());
        assertThat(get("/api/v1/blocks/" + "cc".repeat(32) + "/proof").statusCode())
                .isEqualTo(404);
    }

    @Test
    void blocksSayWhatBecameOfThemAndAnOrphanedBlockLeavesTheProofsLedger() throws Exception {
        twoBlocks("orphaned", "in_chain");

        var blocks = JSON.readTree(get("/api/v1/blocks").body());
        assertThat(blocks.get(0).get("status").asString()).isEqualTo("orphaned");
        assertThat(blocks.get(1).get("status").asString()).isEqualTo("in_chain");
        BlockProof proof = JSON.readValue(
                get("/api/v1/blocks/" + "bb".repeat(32) + "/proof").body(), BlockProof.class);
        // Block 101 never paid anyone, so the miner it left out is not owed anything.
        assertThat(proof.creditsBefore()).isEmpty();
    }

    @Test
    void closingTheStreamUnsubscribesFromLiveShares() throws Exception {
        acceptShares(1);
        // A raw socket, so that closing it really closes the connection (HttpClient may keep it for reuse).
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream()
                    .write(("GET /api/v1/shares/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Accept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("id: 1")) {
                // headers and the opening comment
            }
            assertThat(line).isEqualTo("id: 1");
            // The stored share went first; the stream follows the share log from it on.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(records.followerCount()).isEqualTo(1));
        }
        // The server notices the closed connection at its next write.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            acceptShares(1);
            assertThat(records.followerCount()).isZero();
        });
    }
}
