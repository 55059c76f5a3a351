package org.potluck.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.potluck.web.dashboard.Events.block;
import static org.potluck.web.dashboard.Events.share;
import static org.potluck.web.dashboard.Events.template;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.potluck.core.Rejection;
import org.potluck.node.SubmitResult;
import org.potluck.pool.LoginRefusal;
import org.potluck.web.WebServer;
import org.potluck.web.dashboard.Events;
import org.potluck.web.dashboard.LiveStats;

class MetricsRoutesTest {
    private static final String ALICE = "bcrt1qalice";

    private final Events.TestClock clock = new Events.TestClock(Events.START);
    private final LiveStats stats = new LiveStats(clock, LiveStats.RoundReset.POOL_BLOCK);
    private final AtomicBoolean storeHealthy = new AtomicBoolean(true);
    private final AtomicReference<Optional<Duration>> templateAge = new AtomicReference<>(Optional.empty());
    private final MetricsRoutes metrics = new MetricsRoutes(stats, storeHealthy::get, templateAge::get);

    /** A little of everything, so that every labelled series exists. */
    static void feed(LiveStats stats, MetricsRoutes metrics, Events.TestClock clock) {
        stats.nodeUp("node");
        stats.newWork(template(101, 0x207fffff, 50_0000_0000L), true);
        stats.minerConnected("127.0.0.1:1");
        stats.minerAuthorized(ALICE + ".rig", "cpuminer", "127.0.0.1:1", 1);
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 6; i++) {
            stats.shareAccepted(share(ALICE, "rig", 10, 15));
        }
        stats.shareRejected(ALICE + ".rig", Rejection.DUPLICATE, "duplicate share");
        stats.shareRejected(ALICE + ".rig", Rejection.LOW_DIFFICULTY, "low difficulty share");
        stats.blockFound(block(101, ALICE, "rig"), new SubmitResult(SubmitResult.Outcome.ACCEPTED, null));
        clock.advance(Duration.ofSeconds(5));
        metrics.observeRpc("getblocktemplate", Duration.ofMillis(12));
        metrics.countRpcError("submitblock");
        metrics.observeValidation(3_000);
    }

    @Test
    void refusedLoginsAreCountedByReasonAndNotAsRejectedShares() {
        stats.minerConnected("127.0.0.1:1");
        for (int i = 0; i < 3; i++) {
            stats.loginRefused(
                    "127.0.0.1:1",
                    "not-an-address.rig",
                    LoginRefusal.NOT_AN_ADDRESS,
                    "username must be a payout address");
        }
        stats.loginRefused(
                "127.0.0.1:1", ALICE, LoginRefusal.BANNED_ADDRESS, "this address is banned by the pool operator");
        String text = metrics.scrape();
        assertThat(value(text, "potluck_logins_refused_total{reason=\"not_an_address\"}"))
                .isEqualTo(3);
        assertThat(value(text, "potluck_logins_refused_total{reason=\"banned_address\"}"))
                .isEqualTo(1);
        assertThat(text).doesNotContain("result=\"rejected\"");
        assertThat(stats.pool().rejected()).isZero();
        assertThat(stats.pool().rejects()).isEmpty();
    }

    @Test
    void exportsPoolNumbersInPrometheusTextFormat() {
        feed(stats, metrics, clock);
        String text = metrics.scrape();
        // 60 difficulty in the 65 s since the start.
        double hashrate = 60 * 4294967296.0 / 65;
        assertThat(value(text, "potluck_pool_hashrate{window=\"10m\"}"))
                .isCloseTo(hashrate, org.assertj.core.api.Assertions.within(1.0));
        assertThat(value(text, "potluck_worker_hashrate{address=\"" + ALICE + "\",worker=\"rig\"}"))
                .isCloseTo(hashrate, org.assertj.core.api.Assertions.within(1.0));
        assertThat(value(text, "potluck_shares_total{reason=\"none\",result=\"accepted\"}"))
                .isEqualTo(6);
        assertThat(value(text, "potluck_shares_total{reason=\"duplicate\",result=\"rejected\"}"))
                .isEqualTo(1);
        assertThat(value(text, "potluck_shares_total{reason=\"low_difficulty\",result=\"rejected\"}"))
                .isEqualTo(1);
        assertThat(value(text, "potluck_accepted_difficulty_total")).isEqualTo(60);
        assertThat(value(text, "potluck_best_share_difficulty{scope=\"all_time\"}"))
                .isEqualTo(15);
        assertThat(value(text, "potluck_best_share_difficulty{scope=\"round\"}"))
                .as("the block ended the round")
                .isZero();
        assertThat(value(text, "potluck_connected{kind=\"sessions\"}")).isEqualTo(1);
        assertThat(value(text, "potluck_node_up")).isEqualTo(1);
        assertThat(value(text, "potluck_block_height")).isEqualTo(101);
        assertThat(value(text, "potluck_job_age_seconds")).isEqualTo(65);
        assertThat(value(text, "potluck_blocks_found_total{outcome=\"accepted\"}"))
                .isEqualTo(1);
        assertThat(value(text, "potluck_store_healthy")).isEqualTo(1);
        assertThat(value(text, "potluck_node_rpc_duration_seconds_count{method=\"getblocktemplate\"}"))
                .isEqualTo(1);
        assertThat(value(text, "potluck_node_rpc_duration_seconds_bucket{method=\"getblocktemplate\",le=\"0.025\"}"))
                .isEqualTo(1);
        assertThat(value(text, "potluck_node_rpc_duration_seconds_bucket{method=\"getblocktemplate\",le=\"0.01\"}"))
                .isZero();
        assertThat(value(text, "potluck_node_rpc_errors_total{method=\"submitblock\"}"))
                .isEqualTo(1);
        assertThat(value(text, "potluck_share_validation_duration_seconds_bucket{le=\"5.0E-6\"}"))
                .isEqualTo(1);
        assertThat(value(text, "potluck_share_validation_duration_seconds_bucket{le=\"2.5E-6\"}"))
                .isZero();
    }

    @Test
    void shedConnectionsAreCountedByReason() {
        metrics.countConnectionShed("per_ip_limit");
        metrics.countConnectionShed("per_ip_limit");
        metrics.countConnectionShed("not_reading");
        String text = metrics.scrape();
        assertThat(value(text, "potluck_connections_shed_total{reason=\"per_ip_limit\"}"))
                .isEqualTo(2);
        assertThat(value(text, "potluck_connections_shed_total{reason=\"not_reading\"}"))
                .isEqualTo(1);
    }

    @Test
    void nodeAndStoreTroubleShowAsZero() {
        stats.nodeDown("connection refused");
        storeHealthy.set(false);
        String text = metrics.scrape();
        assertThat(value(text, "potluck_node_up")).isZero();
        assertThat(value(text, "potluck_store_healthy")).isZero();
        assertThat(text).as("no template yet, so no job age").doesNotContain("potluck_job_age_seconds ");
    }

    @Test
    void templateAgeIsExportedOnceThePoolHasATemplate() {
        assertThat(metrics.scrape()).as("no template yet").doesNotContain("potluck_template_age_seconds ");
        templateAge.set(Optional.of(Duration.ofMillis(151_500)));
        assertThat(value(metrics.scrape(), "potluck_template_age_seconds")).isEqualTo(151.5);
    }

    @Test
    void metricsAreServedOverHttpWithThePrometheusContentType() throws Exception {
        feed(stats, metrics, clock);
        try (var server = new WebServer(List.of(metrics)).start("127.0.0.1", 0)) {
            var response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(response.body()).contains("# TYPE potluck_shares_total counter", "potluck_node_up 1");
        }
    }

    /** The value of the one sample named exactly {@code series} (name and labels as the writer prints them). */
    static double value(String text, String series) {
        List<String> lines =
                text.lines().filter(l -> l.startsWith(series + " ")).toList();
        assertThat(lines).as("exactly one sample %s in:%n%s", series, text).hasSize(1);
        return Double.parseDouble(
                lines.getFirst().substring(series.length() + 1).strip());
    }
}
