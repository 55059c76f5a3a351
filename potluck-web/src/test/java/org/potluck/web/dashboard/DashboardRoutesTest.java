package org.potluck.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.potluck.web.dashboard.Events.share;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard's pages, JSON and live feed over real HTTP. */
class DashboardRoutesTest {
    private static final String ALICE = "bcrt1qalice";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LiveStats stats = new LiveStats();
    private final PayoutPreview preview = () -> List.of(
            new PayoutPreview.Payout(ALICE, 49_2500_0000L), new PayoutPreview.Payout("bcrt1qoperator", 7500_0000L));
    private final PayoutHistory history = (address, limit) -> address.equals(ALICE)
            ? List.of(new PayoutHistory.Paid(
                    101, "cd".repeat(32), 50_0000_0000L, Instant.parse("2026-01-02T03:04:05Z"), "immature"))
            : List.of();
    private final HttpClient http = HttpClient.newHttpClient();
    private final LiveStreams streams = LiveStreams.withDefaults();
    private DashboardRoutes dashboard;
    private WebServer server;

    @BeforeEach
    void start() {
        dashboard = new DashboardRoutes(stats, preview, history, Duration.ofMillis(100), streams);
        server = new WebServer(List.of(dashboard)).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        // The server first, with a page still following the feed: the order in which ending a stream used to loop.
        server.close();
        dashboard.close();
        streams.close();
    }

    @Test
    void poolAndMinerPagesAndTheirScriptsAreServedFromTheJar() throws Exception {
        var pool = get("/");
        assertThat(pool.statusCode()).isEqualTo(200);
        assertThat(pool.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(pool.body()).contains("<title>Potluck pool</title>", "/dashboard/static/pool.js");
        assertThat(get("/miner/" + ALICE).body()).contains("/dashboard/static/miner.js");
        for (String asset : List.of("dashboard.js", "pool.js", "miner.js", "dashboard.css")) {
            var r = get("/dashboard/static/" + asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotBlank();
        }
        // Nothing may come from elsewhere: no CDN, fonts or scripts from other hosts.
        for (String page : List.of(
                pool.body(),
                get("/miner/" + ALICE).body(),
                get("/dashboard/static/dashboard.css").body())) {
            assertThat(page).doesNotContain("http://", "https://", "//cdn");
        }
    }

    @Test
    void poolJsonHasTheLiveNumbersTheNextBlockSplitAndLeaderboards() throws Exception {
        stats.minerConnected("127.0.0.1:1");
        stats.minerAuthorized(ALICE + ".rig", "cpuminer", "127.0.0.1:1", 1);
        stats.shareAccepted(share(ALICE, "rig", 2, 1234));
        JsonNode page = json("/dashboard/api/pool");
        assertThat(page.at("/pool/accepted").asLong()).isEqualTo(1);
        assertThat(page.at("/pool/workers").asInt()).isEqualTo(1);
        assertThat(page.at("/pool/bestAllTime").asDouble()).isEqualTo(1234);
        assertThat(page.at("/nextBlock/0/address").asString()).isEqualTo(ALICE);
        assertThat(page.at("/nextBlock/1/sats").asLong()).isEqualTo(7500_0000L);
        assertThat(page.at("/leaders/workersRound/0/name").asString()).isEqualTo(ALICE + ".rig");
        assertThat(page.at("/pool/expectedSecondsToBlock").isNull())
                .as("no network difficulty yet")
                .isTrue();
    }

    @Test
    void minerJsonHasItsNumbersAndPayouts() throws Exception {
        stats.shareAccepted(share(ALICE, "rig", 2, 99));
        JsonNode page = json("/dashboard/api/miner/" + ALICE);
        assertThat(page.at("/miner/workers/0/worker").asString()).isEqualTo("rig");
        assertThat(page.at("/miner/bestAllTime").asDouble()).isEqualTo(99);
        assertThat(page.at("/payouts/0/sats").asLong()).isEqualTo(50_0000_0000L);
        assertThat(page.at("/payouts/0/time").asLong())
                .isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
        JsonNode stranger = json("/dashboard/api/miner/bcrt1qstranger");
        assertThat(stranger.get("miner").isNull()).isTrue();
        assertThat(stranger.get("payouts").size()).isZero();
    }

    @Test
    void somethingThatIsNotAnAddressIsRefused() throws Exception {
        assertThat(get("/miner/%3Cscript%3E").statusCode()).isEqualTo(400);
        assertThat(get("/dashboard/api/miner/a%20b").statusCode()).isEqualTo(400);
        assertThat(get("/dashboard/api/miner/" + "a".repeat(129)).statusCode()).isEqualTo(400);
    }

    @Test
    void chartRangesAreOneHourOneDayOneWeek() throws Exception {
        assertThat(json("/dashboard/api/chart?range=7d").isArray()).isTrue();
        assertThat(json("/dashboard/api/chart").size()).isEqualTo(1);
        var bad = get("/dashboard/api/chart?range=2h");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("1h, 24h, 7d");
    }

    @Test
    void eventStreamPushesFreshNumbersToOpenPages() throws Exception {
        stats.shareAccepted(share(ALICE, "rig", 1, 1));
        var request = HttpRequest.newBuilder(uri("/dashboard/events?address=" + ALICE))
                .header("Accept", "text/event-stream")
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = nextEvent(lines, "pool");
            assertThat(first.at("/pool/accepted").asLong()).isEqualTo(1);
            JsonNode miner = nextEvent(lines, "miner");
            assertThat(miner.get("address").asString()).isEqualTo(ALICE);
            stats.shareAccepted(share(ALICE, "rig", 1, 1));
            stats.shareAccepted(share(ALICE, "rig", 1, 1));
            JsonNode later;
            do {
                later = nextEvent(lines, "pool");
            } while (later.at("/pool/accepted").asLong() < 3);
            assertThat(later.at("/pool/accepted").asLong()).isEqualTo(3);
            assertThat(dashboard.livePages()).isEqualTo(1);
        }
    }

    private static JsonNode nextEvent(BufferedReader lines, String name) throws Exception {
        String event = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && name.equals(event)) {
                return JSON.readTree(line.substring(5).strip());
            }
        }
        throw new AssertionError("stream ended before a \"" + name + "\" event");
    }

    private JsonNode json(String path) throws Exception {
        var r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
