package org.potluck.web.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebRoutes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard: a pool page at {@code /}, a page per payout address at {@code /miner/{address}}, their JSON under
 * {@code /dashboard/api/}, live updates as server-sent events at {@code /dashboard/events} (add {@code ?address=} to
 * follow one miner), and the pages' scripts and styles from the jar under {@code /dashboard/static/}.
 */
public final class DashboardRoutes implements WebRoutes, AutoCloseable {
    /** Bech32 and base58 addresses are letters and digits; anything else is not an address and is not echoed back. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9]{1,128}");

    private static final int LEADERS = 10;
    private static final int PAYOUTS = 50;

    /**
     * The pool page's data: the summary, the payout scheme and the next block's split, leaderboards and recent block
     * candidates.
     */
    public record PoolPage(
            Views.PoolSummary pool,
            String payoutScheme,
            List<PayoutPreview.Payout> nextBlock,
            Views.Leaderboards leaders,
            List<Views.FoundBlock> blocks) {}

    /** A miner page's data; {@code miner} is null when the address has not been seen since the pool started. */
    public record MinerPage(String address, Views.MinerView miner, List<PaidView> payouts) {}

    /** A payout as sent to the page (time in epoch milliseconds). */
    public record PaidView(int height, String blockHash, long sats, long time, String status) {}

    private final LiveStats stats;
    private final PayoutPreview preview;
    private final PayoutHistory payouts;
    private final JsonMapper json = JsonMapper.builder().build();
    private final LiveFeed feed;
    private final LiveStreams streams;
    private final String poolHtml = resource("pool.html");
    private final String minerHtml = resource("miner.html");

    /**
     * @param pushEvery how often open pages get fresh numbers
     * @param streams   the web server's live streams, whose limits the pages' event streams count against
     */
    public DashboardRoutes(
            LiveStats stats, PayoutPreview preview, PayoutHistory payouts, Duration pushEvery, LiveStreams streams) {
        this.streams = streams;
        this.stats = stats;
        this.preview = preview;
        this.payouts = payouts;
        this.feed = new LiveFeed(
                pushEvery,
                () -> json.writeValueAsString(poolPage()),
                address -> json.writeValueAsString(stats.miner(address).orElse(null)));
    }

    @Override
    public void addTo(JavalinConfig config) {
        // Open event streams hold requests; they are ended while Jetty can still finish them (see
        // LiveFeed.closeClients).
        config.events.serverStopping(feed::closeClients);
        config.staticFiles.add(files -> {
            files.hostedPath = "/dashboard/static";
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
        });
        var routes = config.routes;
        routes.get("/", ctx -> html(ctx, poolHtml));
        routes.get("/miner/{address}", ctx -> {
            if (address(ctx, ctx.pathParam("address")) != null) {
                html(ctx, minerHtml);
            }
        });
        routes.get("/dashboard/api/pool", ctx -> json(ctx, poolPage()));
        routes.get("/dashboard/api/chart", ctx -> {
            String range = ctx.queryParam("range");
            try {
                json(ctx, stats.chart(LiveStats.Range.parse(range == null ? "1h" : range)));
            } catch (IllegalArgumentException e) {
                ctx.status(400).result(e.getMessage());
            }
        });
        routes.get("/dashboard/api/workers", ctx -> json(ctx, stats.workers()));
        routes.get("/dashboard/api/miner/{address}", ctx -> {
            String address = address(ctx, ctx.pathParam("address"));
            if (address != null) {
                json(ctx, minerPage(address));
            }
        });
        // The limits are checked before the event stream's headers go out, so that a refusal is a plain HTTP status.
        routes.before("/dashboard/events", ctx -> {
            LiveStreams.Refused refused = streams.refusal(ctx.req().getRemoteAddr());
            if (refused != null) {
                streams.countRefused(refused);
                throw new HttpResponseException(refused.status(), refused.message());
            }
        });
        routes.sse("/dashboard/events", client -> {
            String wanted = client.ctx().queryParam("address");
            if (wanted != null && !ADDRESS.matcher(wanted).matches()) {
                client.close();
                return;
            }
            var req = client.ctx().req();
            switch (streams.admit(req.getRemoteAddr(), LiveStreams.connectionOf(req))) {
                case LiveStreams.Admitted(var stream) -> feed.subscribe(client, wanted, stream);
                // Only when another page took the last place since the check above.
                case LiveStreams.Refused refused -> client.close();
            }
        });
    }

    public PoolPage poolPage() {
        return new PoolPage(
                stats.pool(), preview.scheme(), preview.nextBlock(), stats.leaderboards(LEADERS), stats.recentBlocks());
    }

    public MinerPage minerPage(String address) {
        var paid = payouts.forAddress(address, PAYOUTS).stream()
                .map(p -> new PaidView(
                        p.height(), p.blockHash(), p.sats(), p.time().toEpochMilli(), p.status()))
                .toList();
        return new MinerPage(address, stats.miner(address).orElse(null), paid);
    }

    /** Pages currently following the live feed. */
    public int livePages() {
        return feed.subscriberCount();
    }

    /** Stops the live feed; close it before or after the web server, either is safe. */
    @Override
    public void close() {
        feed.close();
    }

    private static String address(Context ctx, String candidate) {
        if (ADDRESS.matcher(candidate).matches()) {
            return candidate;
        }
        ctx.status(400).result("not a payout address: expected 1 to 128 letters and digits");
        return null;
    }

    private void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(json.writeValueAsString(value));
    }

    private static void html(Context ctx, String page) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private static String resource(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard page /dashboard/" + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
