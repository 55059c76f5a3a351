package org.potluck.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.potluck.web.WebServer;
import org.potluck.web.dashboard.Events;
import org.potluck.web.dashboard.LiveStats;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every query of the Grafana dashboard in deploy/grafana uses only metrics the pool exports. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "potluck.json");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

    @Test
    void everyQueryUsesOnlyExportedMetrics() throws Exception {
        List<String> exprs = new ArrayList<>();
        collectExprs(JsonMapper.builder().build().readTree(Files.readString(DASHBOARD)), exprs);
        assertThat(exprs).hasSizeGreaterThan(10);

        Set<String> exported = exportedSeriesNames();
        Set<String> used = new TreeSet<>();
        for (String expr : exprs) {
            Set<String> names = metricNames(expr);
            assertThat(names).as("metrics in %s", expr).isNotEmpty();
            used.addAll(names);
        }
        assertThat(exported).containsAll(used);
        // The dashboard shows the things operators asked for, not just whatever happens to exist.
        assertThat(used)
                .contains(
                        "potluck_pool_hashrate",
                        "potluck_worker_hashrate",
                        "potluck_shares_total",
                        "potluck_node_up",
                        "potluck_node_rpc_duration_seconds_bucket",
                        "potluck_job_age_seconds",
                        "potluck_share_validation_duration_seconds_bucket",
                        "potluck_blocks_found_total",
                        "potluck_store_healthy",
                        "potluck_best_share_difficulty",
                        "potluck_connected");
    }

    @Test
    void metricNamesAreTheIdentifiersThatAreNotFunctionsLabelsOrKeywords() {
        assertThat(metricNames(
                        "histogram_quantile(0.95, sum by (le, method) (rate(a_bucket{method=\"x\", le=~\"1.*\"}[5m]))) "
                                + "/ on (job) group_left (method) clamp_min(b_total offset 5m, 1e-9) and bool c"))
                .containsExactlyInAnyOrder("a_bucket", "b_total", "c");
        assertThat(metricNames("rate(potluck_x_total[$__rate_interval]) * 4294967296"))
                .containsExactly("potluck_x_total");
    }

    /** Sample names (with _total, _bucket... as written) in a scrape of a running /metrics after some pool events. */
    private static Set<String> exportedSeriesNames() throws Exception {
        var clock = new Events.TestClock(Events.START);
        var stats = new LiveStats(clock, LiveStats.RoundReset.POOL_BLOCK);
        var metrics = new MetricsRoutes(stats, () -> true, java.util.Optional::empty);
        MetricsRoutesTest.feed(stats, metrics, clock);
        try (var server = new WebServer(List.of(metrics)).start("127.0.0.1", 0)) {
            String text = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Set<String> names = new TreeSet<>();
            text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> names.add(l.split("[{ ]", 2)[0]));
            return names;
        }
    }

    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\\{[^}]*}", " ") // label matchers (and the strings in them)
                .replaceAll("\\[[^]]*]", " ") // range selectors
                .replaceAll("\\$\\{?\\w+}?", " ") // Grafana variables
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group().toLowerCase())) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static void collectExprs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("expr")) {
                    out.add(e.getValue().asString());
                } else {
                    collectExprs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExprs(child, out));
        }
    }
}
