package org.potluck.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.store.AcceptedShare;
import org.potluck.store.JournalCopier;
import org.potluck.store.ShareJournal;
import org.potluck.store.ShareProof;
import org.potluck.store.SqliteShareStore;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebServer;
import org.potluck.web.api.PublicApiRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public share stream over a real journal and database: the stored shares, then the journal's ordered share log
 * from where they end. The database is left behind the journal (its copier stopped, as while the database is down),
 * so the shares after its end exist in the journal only.
 */
class ShareStreamSeamTest {
    private static final Logger log = LoggerFactory.getLogger(ShareStreamSeamTest.class);

    @TempDir
    Path dir;

    @Test
    void aSubscriberStartingMidStreamGetsEverySequenceOnceWhileTheDatabaseLagsTheJournal() throws Exception {
        try (SqliteShareStore store = SqliteShareStore.open(dir.resolve("shares.db"));
                ShareJournal journal = ShareJournal.open(dir.resolve("journal"))) {
            append(journal, 0, 300);
            try (JournalCopier copier = new JournalCopier(journal, store)) {
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(30));
            }
            append(journal, 300, 600); // in the journal only from here on
            var records = new PoolRecords();
            records.attachShares(store, journal);
            HttpClient http = HttpClient.newHttpClient();
            try (LiveStreams streams = LiveStreams.withDefaults();
                    WebServer web =
                            new WebServer(List.of(new PublicApiRoutes(records, streams))).start("127.0.0.1", 0)) {
                BlockingQueue<Long> ids = new LinkedBlockingQueue<>();
                HttpResponse<InputStream> response = http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + web.port() + "/api/v1/shares/stream?after=150"))
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                Thread reader = Thread.ofVirtual().start(() -> readIds(response.body(), ids));
                // Shares keep coming while the subscriber crosses from the database to the journal.
                CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
                    for (int i = 600; i < 900; i += 20) {
                        append(journal, i, i + 20);
                    }
                });

                List<Long> received = take(ids, 750);
                more.get(60, TimeUnit.SECONDS);
                assertThat(received)
                        .isEqualTo(LongStream.rangeClosed(151, 900).boxed().toList());

                long sentAt = System.nanoTime();
                append(journal, 900, 901);
                Long next = ids.poll(10, TimeUnit.SECONDS);
                long latency = System.nanoTime() - sentAt;
                log.info("a live share reached the subscriber {} ms after it was journaled", latency / 1_000_000);
                assertThat(next).isEqualTo(901L);
                assertThat(Duration.ofNanos(latency)).isLessThan(Duration.ofSeconds(5));
                assertThat(ids.poll(200, TimeUnit.MILLISECONDS))
                        .as("nothing sent twice")
                        .isNull();
                response.body().close();
                reader.join(Duration.ofSeconds(10));
            } finally {
                http.shutdownNow();
            }
        }
    }

    private static void append(ShareJournal journal, int from, int to) {
        List<CompletableFuture<AcceptedShare>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(journal.append(new AcceptedShare(
                    0,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
                    "bcrt1qseam" + i % 3,
                    "rig",
                    "cpuminer/1.0",
                    "j" + i / 100,
                    1.0,
                    2.0,
                    false,
                    null,
                    new ShareProof.HeaderFields(
                            "sv1", "00000001", "00000001" + "%016x".formatted(i), 0x20000000, 0x68400000, 0xabcd))));
        }
        futures.forEach(f -> f.orTimeout(30, TimeUnit.SECONDS).join());
    }

    private static void readIds(InputStream body, BlockingQueue<Long> ids) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("id: ")) {
                    ids.add(Long.parseLong(line.substring(4)));
                }
            }
        } catch (Exception e) {
            // closed by the test
        }
    }

    private static List<Long> take(BlockingQueue<Long> ids, int count) throws InterruptedException {
        List<Long> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Long id = ids.poll(1, TimeUnit.SECONDS);
            if (id != null) {
                received.add(id);
            }
        }
        return received;
    }
}
