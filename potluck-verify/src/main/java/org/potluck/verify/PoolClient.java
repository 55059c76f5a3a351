package org.potluck.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedRules;
import org.potluck.accounting.published.PublishedShare;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/** The pool's public API, read over HTTP. */
final class PoolClient implements AutoCloseable {
    static final int PAGE = 5000;

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    PoolClient(URI pool) {
        String s = pool.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    URI base() {
        return base;
    }

    PublishedRules rules() {
        return parse(get("/api/v1/rules"), "/api/v1/rules", new TypeReference<>() {});
    }

    List<PublishedShare> sharesAfter(long after) {
        String path = "/api/v1/shares?after=" + after + "&limit=" + PAGE;
        return get(path)
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> parse(l, path, new TypeReference<PublishedShare>() {}))
                .toList();
    }

    List<PublishedJobEntry> jobsAfter(long cursor) {
        String path = "/api/v1/jobs?after=" + cursor + "&limit=" + PAGE;
        return get(path)
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> parse(l, path, new TypeReference<PublishedJobEntry>() {}))
                .toList();
    }

    Optional<PublishedJob> job(String id) {
        String path = "/api/v1/jobs/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(body(response, path), path, new TypeReference<>() {}));
    }

    /** The next page of difficulty assignments; empty when the pool does not publish them (a pool before 0.2). */
    Optional<List<PublishedDifficulty>> difficultiesAfter(long after) {
        String path = "/api/v1/difficulties?after=" + after + "&limit=" + PAGE;
        HttpResponse<String> response = send(path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(body(response, path)
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> parse(l, path, new TypeReference<PublishedDifficulty>() {}))
                .toList());
    }

    List<PublishedBlock> blocks() {
        return parse(get("/api/v1/blocks"), "/api/v1/blocks", new TypeReference<>() {});
    }

    /**
     * Follows the SSE share stream from {@code after}, reconnecting with Last-Event-ID when the connection drops, until
     * {@code stop} says so. Blocks the calling thread.
     */
    void follow(long after, Consumer<PublishedShare> sink, BooleanSupplier stop) {
        long last = after;
        while (!stop.getAsBoolean()) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/shares/stream"))
                    .header("Accept", "text/event-stream")
                    .header("Last-Event-ID", Long.toString(last))
                    .build();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while (!stop.getAsBoolean() && (line = reader.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            PublishedShare share = parse(
                                    line.substring(5).strip(),
                                    "/api/v1/shares/stream",
                                    new TypeReference<PublishedShare>() {});
                            sink.accept(share);
                            last = share.sequence();
                        }
                    }
                }
            } catch (IOException e) {
                // dropped: reconnect from the last sequence below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!stop.getAsBoolean()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private String get(String path) {
        return body(send(path), path);
    }

    private HttpResponse<String> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VerifyException("cannot reach the pool at " + base + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerifyException("interrupted while reading " + base + path, e);
        }
    }

    private String body(HttpResponse<String> response, String path) {
        if (response.statusCode() != 200) {
            throw new VerifyException(
                    "the pool answered " + response.statusCode() + " to " + base + path + ": " + response.body());
        }
        return response.body();
    }

    private static <T> T parse(String json, String path, TypeReference<T> type) {
        try {
            return TolerantJson.MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new VerifyException("the pool sent unreadable JSON at " + path + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
