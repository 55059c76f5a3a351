package org.potluck.cli.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.potluck.node.SubmitResult;
import org.potluck.pool.PoolListener;
import org.potluck.pool.publish.JobJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a webhook (a chat bot, a phone notifier) about every block the pool finds: one JSON POST, sent off the pool's
 * threads, tried three times; a dead webhook is logged, never allowed to slow the pool.
 */
final class BlockWebhook implements PoolListener {
    private static final Logger log = LoggerFactory.getLogger(BlockWebhook.class);
    /** Null when notifications are off; a config reload may point it elsewhere. */
    private volatile URI url;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    /** @param url where to POST, or empty for nowhere (until a reload sets one) */
    BlockWebhook(String url) {
        pointAt(url);
    }

    /** Sends the next notifications to {@code url} (empty: to nowhere). */
    void pointAt(String url) {
        this.url = url == null || url.isEmpty() ? null : URI.create(url);
    }

    @Override
    public void blockFound(BlockFound block, SubmitResult result) {
        URI target = url;
        if (target == null) {
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("event", "block_found");
        body.put("height", block.height());
        body.put("blockHash", block.blockHash());
        body.put("finder", block.address());
        body.put("worker", block.worker());
        body.put("accepted", result.accepted());
        body.put("nodeSaid", result.outcome().name());
        body.put("reward", block.outputs().stream().mapToLong(o -> o.value()).sum());
        String json = JobJson.JSON.writeValueAsString(body);
        senders.execute(() -> send(target, json));
    }

    private void send(URI url, String json) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                var request = HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status / 100 == 2) {
                    return;
                }
                log.warn("block webhook {} answered HTTP {} (attempt {})", url, status, attempt);
            } catch (java.io.IOException e) {
                log.warn("block webhook {} unreachable (attempt {}): {}", url, attempt, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(1000L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
