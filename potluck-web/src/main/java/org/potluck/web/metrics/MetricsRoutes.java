package org.potluck.web.metrics;

import io.javalin.config.JavalinConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.potluck.web.WebRoutes;
import org.potluck.web.dashboard.LiveStats;
import org.potluck.web.dashboard.Views;

/**
 * Prometheus metrics at {@code GET /metrics} (text format 0.0.4). Pool numbers are read from {@link LiveStats} when
 * scraped, so the share path pays nothing for them; latencies are observed by the pool through
 * {@link #observeRpc} and {@link #observeValidation}. Every name starts with {@code potluck_}.
 */
public final class MetricsRoutes implements WebRoutes {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram rpcSeconds;
    private final Counter rpcErrors;
    private final Histogram validationSeconds;
    private final Counter connectionsShed;

    /**
     * @param storeHealthy whether the share journal takes appends and the database takes the copied shares (exported
     *                     as 1 or 0)
     * @param templateAge  time since the pool last took a template from its node, empty before the first
     */
    public MetricsRoutes(LiveStats stats, BooleanSupplier storeHealthy, Supplier<Optional<Duration>> templateAge) {
        gauge(
                "potluck_pool_hashrate",
                "Pool hashrate in hashes per second: accepted share difficulty x 2^32 over the window",
                List.of("window"),
                cb -> {
                    Views.PoolSummary p = stats.pool();
                    cb.call(p.hashrate10m(), "10m");
                    cb.call(p.hashrate1h(), "1h");
                    cb.call(p.hashrate24h(), "24h");
                });
        gauge(
                "potluck_worker_hashrate",
                "Worker hashrate in hashes per second over 10 minutes",
                List.of("address", "worker"),
                cb -> stats.workers().forEach(w -> cb.call(w.hashrate10m(), w.address(), w.worker())));
        counter(
                "potluck_shares",
                "Shares submitted, by result (accepted, rejected) and reject reason (the Stratum error)",
                List.of("result", "reason"),
                cb -> {
                    Views.PoolSummary p = stats.pool();
                    cb.call(p.accepted(), "accepted", "none");
                    p.rejects().forEach(r -> cb.call(r.count(), "rejected", r.reason()));
                });
        counter(
                "potluck_logins_refused",
                "Refused mining.authorize attempts, by reason (not counted as rejected shares)",
                List.of("reason"),
                cb -> stats.loginsRefused().forEach((reason, n) -> cb.call(n, reason.label())));
        counter(
                "potluck_accepted_difficulty",
                "Sum of accepted share difficulty: rate() x 2^32 is the pool hashrate",
                List.of(),
                cb -> cb.call(stats.pool().acceptedDifficulty()));
        gauge(
                "potluck_best_share_difficulty",
                "Best share difficulty of the pool, this round and all time",
                List.of("scope"),
                cb -> {
                    Views.PoolSummary p = stats.pool();
                    cb.call(p.bestRound(), "round");
                    cb.call(p.bestAllTime(), "all_time");
                });
        gauge(
                "potluck_worker_best_share_difficulty",
                "Best share difficulty of each worker, this round and all time",
                List.of("address", "worker", "scope"),
                cb -> stats.workers().forEach(w -> {
                    cb.call(w.bestRound(), w.address(), w.worker(), "round");
                    cb.call(w.bestAllTime(), w.address(), w.worker(), "all_time");
                }));
        gauge(
                "potluck_connected",
                "Connected stratum sessions, authorized workers with a session, and addresses with one",
                List.of("kind"),
                cb -> {
                    Views.PoolSummary p = stats.pool();
                    cb.call(p.sessions(), "sessions");
                    cb.call(p.workers(), "workers");
                    cb.call(p.miners(), "addresses");
                });
        gauge(
                "potluck_node_up",
                "1 while the pool has a working node, 0 when it has none",
                List.of(),
                cb -> cb.call(stats.pool().nodeUp() ? 1 : 0));
        gauge(
                "potluck_network_difficulty",
                "Network difficulty of the block being mined",
                List.of(),
                cb -> cb.call(stats.pool().networkDifficulty()));
        gauge(
                "potluck_block_height",
                "Height of the block being mined",
                List.of(),
                cb -> cb.call(stats.pool().height()));
        gauge(
                "potluck_job_age_seconds",
                "Seconds since the node's latest template became work (absent before the first)",
                List.of(),
                cb -> {
                    Views.PoolSummary p = stats.pool();
                    if (p.lastWorkAt() != null) {
                        cb.call((p.now() - p.lastWorkAt()) / 1000.0);
                    }
                });
        // Unlike the job age above, this counts refreshes too: a node that answers gives a template every refresh
        // interval, so this growing well beyond it means the node stopped giving work (see PoolHealth).
        gauge(
                "potluck_template_age_seconds",
                "Seconds since the pool last took a template from its node, refreshes "
                        + "included (absent before the first)",
                List.of(),
                cb -> templateAge.get().ifPresent(age -> cb.call(age.toNanos() / 1e9)));
        counter(
                "potluck_blocks_found",
                "Block candidates submitted to the node, by its verdict",
                List.of("outcome"),
                cb -> stats.blocksByOutcome()
                        .forEach((outcome, n) -> cb.call(n, outcome.name().toLowerCase(Locale.ROOT))));
        gauge(
                "potluck_store_healthy",
                "1 while the share journal takes appends and the database takes the copied shares, 0 when either fails",
                List.of(),
                cb -> cb.call(storeHealthy.getAsBoolean() ? 1 : 0));
        rpcSeconds = Histogram.builder()
                .name("potluck_node_rpc_duration_seconds")
                .help("Node RPC call latency by method")
                .labelNames("method")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        rpcErrors = Counter.builder()
                .name("potluck_node_rpc_errors")
                .help("Node RPC calls that failed, by method")
                .labelNames("method")
                .register(registry);
        // A share check is a couple of hashes: microseconds, unless something is wrong.
        validationSeconds = Histogram.builder()
                .name("potluck_share_validation_duration_seconds")
                .help("Time to validate one submitted share")
                .classicOnly()
                .classicUpperBounds(1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 1e-2, 0.1)
                .register(registry);
        connectionsShed = Counter.builder()
                .name("potluck_connections_shed")
                .help(
                        "Stratum connections refused or closed to protect the pool, by reason (per_ip_limit, total_limit, not_reading)")
                .labelNames("reason")
                .register(registry);
    }

    private void gauge(String name, String help, List<String> labels, Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(labels.toArray(String[]::new))
                .callback(callback)
                .register(registry);
    }

    private void counter(
            String name, String help, List<String> labels, Consumer<CounterWithCallback.Callback> callback) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(labels.toArray(String[]::new))
                .callback(callback)
                .register(registry);
    }

    /** Records one node RPC call's latency (method names are few and fixed: they are a label). */
    public void observeRpc(String method, Duration elapsed) {
        rpcSeconds.labelValues(method).observe(elapsed.toNanos() / 1e9);
    }

    public void countRpcError(String method) {
        rpcErrors.labelValues(method).inc();
    }

    /** Records one share check's duration; cheap enough for the share path. */
    public void observeValidation(long nanos) {
        validationSeconds.observe(nanos / 1e9);
    }

    /** Counts one Stratum connection refused at a connection limit or closed for not reading its replies. */
    public void countConnectionShed(String reason) {
        connectionsShed.labelValues(reason).inc();
    }

    /** For collectors the pool wants to add (JVM metrics, say). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The current metrics in the Prometheus text format. */
    public String scrape() {
        var out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.get(
                "/metrics",
                ctx -> ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(scrape()));
    }
}
