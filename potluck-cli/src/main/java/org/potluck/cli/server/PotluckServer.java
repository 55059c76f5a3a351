package org.potluck.cli.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.potluck.cli.config.PotluckConfig;
import org.potluck.config.CannotListenException;
import org.potluck.core.WorkTemplate;
import org.potluck.pool.Pool;
import org.potluck.pool.PoolListener;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebRoutes;
import org.potluck.web.WebServer;
import org.potluck.web.api.PublicApiRoutes;
import org.potluck.web.dashboard.DashboardRoutes;
import org.potluck.web.dashboard.LiveStats;
import org.potluck.web.metrics.MetricsRoutes;

/**
 * Everything `potluck run` and `potluck demo` serve, wired in one place: the pool, and beside it the web server with
 * the public share API, the dashboard, Prometheus metrics, the health check and (with a token) the admin API.
 */
public final class PotluckServer implements AutoCloseable {
    private final Pool pool;
    private final WebServer web;
    private final LiveStats stats;
    private final PoolRecords records;
    private final LiveStreams streams;

    private PotluckServer(Pool pool, WebServer web, LiveStreams streams, LiveStats stats, PoolRecords records) {
        this.pool = pool;
        this.web = web;
        this.streams = streams;
        this.stats = stats;
        this.records = records;
    }

    /** @param extra more listeners (the demo's console), told of every pool event after the server's own */
    public static PotluckServer start(PotluckConfig config, PoolListener extra)
            throws IOException, InterruptedException {
        return start(config, extra, null);
    }

    /**
     * @param configFile the file {@code config} was read from, re-read by POST /admin/reload; null when the config
     *                   came from elsewhere (the demo), and then a reload is refused
     */
    public static PotluckServer start(PotluckConfig config, PoolListener extra, Path configFile)
            throws IOException, InterruptedException {
        var stats = new LiveStats();
        var records = new PoolRecords();
        Pool[] started = new Pool[1];
        var metrics = new MetricsRoutes(
                stats,
                () -> started[0] != null && started[0].storeHealthy(),
                () -> started[0] == null ? Optional.empty() : started[0].templateAge());
        List<PoolListener> listeners = new ArrayList<>(List.of(stats, new MetricsFeed(metrics, started)));
        // Always listening, even with no URL yet, so that a reload can turn notifications on.
        var webhook = new BlockWebhook(config.ops().webhookUrl());
        listeners.add(webhook);
        listeners.add(extra);
        Pool pool = new Pool(config.pool(), PoolListener.all(listeners)).start();
        started[0] = pool;
        records.attach(pool);
        WebServer web = null;
        LiveStreams streams = null;
        try {
            if (config.web().enabled()) {
                streams = new LiveStreams(
                        config.web().maxLiveStreams(),
                        config.web().maxLiveStreamsPerIp(),
                        LiveStreams.DEFAULT_SEND_DEADLINE);
                streams.register(metrics.registry());
                var payouts = new PoolPayouts(pool);
                List<WebRoutes> routes = new ArrayList<>(List.of(
                        new PublicApiRoutes(records, streams),
                        new DashboardRoutes(stats, payouts, payouts, Duration.ofSeconds(2), streams),
                        metrics,
                        new HealthRoutes(pool)));
                if (config.web().adminApiEnabled()) {
                    routes.add(new AdminRoutes(
                            pool,
                            config.web().adminToken(),
                            config.web().adminAllowRemote(),
                            new ConfigReload(configFile, config, pool, webhook)));
                }
                web = new WebServer(routes)
                        .start(config.web().host(), config.web().port());
            }
        } catch (RuntimeException e) {
            if (streams != null) {
                streams.close();
            }
            pool.close();
            var explained = CannotListenException.explain(
                    e, "web", "the dashboard", config.web().host(), config.web().port());
            throw explained != null ? explained : e;
        }
        return new PotluckServer(pool, web, streams, stats, records);
    }

    public Pool pool() {
        return pool;
    }

    /** The web port (the real one when the config asked for 0), or -1 when the web server is off. */
    public int webPort() {
        return web == null ? -1 : web.port();
    }

    public LiveStats stats() {
        return stats;
    }

    /** Stops the web first (nobody reads a half-closed pool), then the pool in its own safe order. */
    @Override
    public void close() {
        try {
            if (web != null) {
                web.close();
                streams.close();
            }
        } finally {
            pool.close();
        }
    }

    /** Pool events the metrics need beyond what LiveStats counts: validation time and node latency. */
    private record MetricsFeed(MetricsRoutes metrics, Pool[] pool) implements PoolListener {
        @Override
        public void shareChecked(long nanos) {
            metrics.observeValidation(nanos);
        }

        @Override
        public void newWork(WorkTemplate template, boolean newBlock) {
            if (pool[0] != null) {
                metrics.observeRpc("getblocktemplate", pool[0].nodeLatency());
            }
        }

        @Override
        public void connectionShed(String remote, ShedReason reason) {
            metrics.countConnectionShed(reason.metricLabel());
        }
    }
}
