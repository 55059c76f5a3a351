package org.potluck.web.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public, read-only API a miner uses to check the pool (no authentication; nothing here changes anything):
 * <ul>
 *   <li>{@code GET /api/v1/rules}: {@code PublishedRules}</li>
 *   <li>{@code GET /api/v1/shares?after=SEQ&limit=N}: NDJSON of {@code PublishedShare}, sequence above SEQ</li>
 *   <li>{@code GET /api/v1/shares/stream?after=SEQ}: Server-Sent Events, {@code id} = sequence (so Last-Event-ID
 *       resumes), event {@code share}, data a {@code PublishedShare}: the backlog after the cursor, then live</li>
 *   <li>{@code WS /api/v1/shares/ws?after=SEQ}: the same, one {@code PublishedShare} per text message</li>
 *   <li>{@code GET /api/v1/jobs?after=CURSOR&limit=N}: NDJSON of {@code PublishedJobEntry}</li>
 *   <li>{@code GET /api/v1/jobs/{id}}: {@code PublishedJob}</li>
 *   <li>{@code GET /api/v1/blocks}: array of {@code PublishedBlock}</li>
 *   <li>{@code GET /api/v1/blocks/{hash}/proof}: {@code BlockProof}</li>
 *   <li>{@code GET /api/v1/difficulties?after=SEQ&limit=N}: NDJSON of {@code PublishedDifficulty}, every
 *       set_difficulty written to a connection, sequence above SEQ</li>
 * </ul>
 * Errors are {@code {"error": "..."}} with status 400 (bad cursor or limit) or 404 (unknown job or block). Every NDJSON
 * answer carries {@value #NEXT_AFTER_HEADER}: the cursor to ask for the next page with.
 */
public final class PublicApiRoutes implements WebRoutes {
    public static final String NDJSON = "application/x-ndjson";
    public static final String NEXT_AFTER_HEADER = "Potluck-Next-After";
    private static final Logger log = LoggerFactory.getLogger(PublicApiRoutes.class);
    private static final long WS_SEND_TIMEOUT_SECONDS = 30;

    private final PublicRecords records;
    private final ProofBuilder proofs;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Map<String, Thread> wsFeeds = new ConcurrentHashMap<>();
    private final LiveStreams streams;

    /** @param streams the web server's live streams, whose limits the share streams count against */
    public PublicApiRoutes(PublicRecords records, LiveStreams streams) {
        this.records = records;
        this.proofs = new ProofBuilder(records);
        this.streams = streams;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> {
            ctx.status(e.status())
                    .contentType("application/json")
                    .result(json.writeValueAsString(Map.of("error", e.getMessage())));
        });
        config.routes.get("/api/v1/rules", ctx -> sendJson(ctx, records.rules()));
        config.routes.get("/api/v1/shares", ctx -> {
            long after = QueryCursor.after("after", ctx.queryParam("after"), "a share sequence");
            int limit = QueryCursor.limit(ctx.queryParam("limit"));
            sendNdjson(ctx, records.sharesAfter(after, limit), after, PublishedShare::sequence);
        });
        config.routes.get("/api/v1/shares/stream", this::streamSse);
        config.routes.wsBeforeUpgrade("/api/v1/shares/ws", ctx -> {
            QueryCursor.after("after", ctx.queryParam("after"), "a share sequence");
            LiveStreams.Refused refused = streams.refusal(ctx.req().getRemoteAddr());
            if (refused != null) {
                streams.countRefused(refused);
                throw new ApiException(refused.status(), refused.message());
            }
        });
        config.routes.ws("/api/v1/shares/ws", this::configureWs);
        config.routes.get("/api/v1/jobs", ctx -> {
            long after = QueryCursor.after("after", ctx.queryParam("after"), "a job cursor");
            int limit = QueryCursor.limit(ctx.queryParam("limit"));
            sendNdjson(ctx, records.jobsAfter(after, limit), after, e -> e.cursor());
        });
        config.routes.get("/api/v1/jobs/{id}", ctx -> {
            String id = ctx.pathParam("id");
            sendJson(ctx, records.job(id).orElseThrow(() -> ApiException.notFound("no job " + id)));
        });
        config.routes.get("/api/v1/blocks", ctx -> sendJson(ctx, records.blocks()));
        config.routes.get("/api/v1/blocks/{hash}/proof", ctx -> sendJson(ctx, proofs.proof(ctx.pathParam("hash"))));
        config.routes.get("/api/v1/difficulties", this::difficulties);
    }

    /** One cursor-paged stream for every connection: a verifier downloads them all once, as it does the shares. */
    private void difficulties(Context ctx) {
        long after = QueryCursor.after("after", ctx.queryParam("after"), "a difficulty assignment sequence");
        int limit = QueryCursor.limit(ctx.queryParam("limit"));
        sendNdjson(ctx, records.difficultiesAfter(after, limit), after, PublishedDifficulty::sequence);
    }

    private void sendJson(Context ctx, Object value) {
        ctx.contentType("application/json").result(json.writeValueAsString(value));
    }

    private <T> void sendNdjson(Context ctx, List<T> items, long after, Function<T, Long> cursorOf) {
        StringBuilder body = new StringBuilder();
        long next = after;
        for (T item : items) {
            body.append(json.writeValueAsString(item)).append('\n');
            next = cursorOf.apply(item);
        }
        ctx.header(NEXT_AFTER_HEADER, Long.toString(next)).contentType(NDJSON).result(body.toString());
    }

    /**
     * Written by hand on the request's virtual thread rather than with Javalin's SseClient, so that the backlog, the
     * live shares and the end of the connection are one plain loop.
     */
    private void streamSse(Context ctx) throws IOException, InterruptedException {
        String lastEventId = ctx.header("Last-Event-ID");
        long after = lastEventId != null && !lastEventId.isBlank()
                ? QueryCursor.after("Last-Event-ID", lastEventId.strip(), "a share sequence")
                : QueryCursor.after("after", ctx.queryParam("after"), "a share sequence");
        LiveStreams.Stream stream =
                switch (streams.admit(ctx.req().getRemoteAddr(), LiveStreams.connectionOf(ctx.req()))) {
                    case LiveStreams.Admitted(var admitted) -> admitted;
                    case LiveStreams.Refused refused -> throw new ApiException(refused.status(), refused.message());
                };
        try (stream;
                ShareFeed feed = new ShareFeed(records, after)) {
            stream.reportQueue(feed::queued);
            ctx.status(200);
            ctx.res().setContentType("text/event-stream");
            ctx.res().setCharacterEncoding("UTF-8");
            ctx.res().setHeader("Cache-Control", "no-cache");
            OutputStream out = ctx.res().getOutputStream();
            write(stream, out, ": potluck shares\n\n");
            feed.pump(
                    new ShareFeed.Sink() {
                        @Override
                        public void share(PublishedShare share) throws IOException {
                            write(
                                    stream,
                                    out,
                                    "id: " + share.sequence() + "\nevent: share\ndata: "
                                            + json.writeValueAsString(share) + "\n\n");
                        }

                        @Override
                        public void idle() throws IOException {
                            write(stream, out, ": idle\n\n");
                        }
                    },
                    () -> true);
        } catch (IOException e) {
            log.debug("share stream ended: {}", e.toString());
        }
    }

    /** One event, flushed at once, under the stream's send deadline (a client that stops reading is cut, not waited for). */
    private static void write(LiveStreams.Stream stream, OutputStream out, String text) throws IOException {
        stream.send(() -> {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
    }

    private void configureWs(WsConfig ws) {
        ws.onConnect(ctx -> {
            long after = QueryCursor.after("after", ctx.queryParam("after"), "a share sequence");
            String remote = ctx.session.getRemoteSocketAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress()
                    : String.valueOf(ctx.session.getRemoteSocketAddress());
            // The check before the upgrade can race with other upgrades: this is where the place is really taken.
            switch (streams.admit(remote, ctx.session::disconnect)) {
                case LiveStreams.Admitted(LiveStreams.Stream stream) -> {
                    Thread feeder = Thread.ofVirtual()
                            .name("share-ws-" + ctx.sessionId())
                            .start(() -> feedWs(ctx, after, stream));
                    wsFeeds.put(ctx.sessionId(), feeder);
                }
                case LiveStreams.Refused refused -> ctx.closeSession(1013, refused.message());
            }
        });
        ws.onClose(ctx -> stopWs(ctx.sessionId()));
        ws.onError(ctx -> stopWs(ctx.sessionId()));
    }

    private void feedWs(WsContext ctx, long after, LiveStreams.Stream stream) {
        try (stream;
                ShareFeed feed = new ShareFeed(records, after)) {
            stream.reportQueue(feed::queued);
            feed.pump(
                    new ShareFeed.Sink() {
                        @Override
                        public void share(PublishedShare share) throws IOException {
                            String text = json.writeValueAsString(share);
                            stream.send(() -> send(ctx, text));
                        }

                        @Override
                        public void idle() {
                            ctx.sendPing();
                        }
                    },
                    () -> ctx.session.isOpen() && !Thread.currentThread().isInterrupted());
        } catch (IOException e) {
            log.debug("share websocket ended: {}", e.toString());
            ctx.closeSession(1011, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wsFeeds.remove(ctx.sessionId());
        }
    }

    /**
     * Waits for each message to go out, so that a slow client slows its own feed instead of filling memory; one that
     * stops reading is disconnected by the stream's deadline, which fails this wait.
     */
    private static void send(WsContext ctx, String text) throws IOException {
        Callback.Completable sent = new Callback.Completable();
        ctx.session.sendText(text, sent);
        try {
            sent.get(WS_SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("websocket send failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("websocket feed stopped", e);
        }
    }

    private void stopWs(String sessionId) {
        Thread feeder = wsFeeds.remove(sessionId);
        if (feeder != null) {
            feeder.interrupt();
        }
    }
}
