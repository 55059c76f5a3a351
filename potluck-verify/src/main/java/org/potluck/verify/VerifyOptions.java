package org.potluck.verify;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run {@code potluck verify}.
 *
 * @param pool         the pool's base URL (the API lives under {@code /api/v1})
 * @param node         the miner's own node JSON-RPC URL (user:password in it, or see {@code nodeCookie}), or null
 * @param nodeCookie   the node's {@code .cookie} file, used when the URL has no user, or null
 * @param database     the verifier's own SQLite file (created if absent; remembers where it stopped)
 * @param follow       keep following the live share stream and checking new jobs and blocks until stopped
 * @param pollInterval in follow mode, how often new jobs and blocks are fetched and checked
 */
public record VerifyOptions(URI pool, URI node, Path nodeCookie, Path database, boolean follow, Duration pollInterval) {
    public VerifyOptions {
        Objects.requireNonNull(pool, "pool URL");
        Objects.requireNonNull(database, "database file");
        Objects.requireNonNull(pollInterval, "poll interval");
        if (!"http".equals(pool.getScheme()) && !"https".equals(pool.getScheme())) {
            throw new IllegalArgumentException("pool URL must be http:// or https://, got " + pool);
        }
    }

    /** One pass over everything the pool has published, no node. */
    public static VerifyOptions once(URI pool, Path database) {
        return new VerifyOptions(pool, null, null, database, false, Duration.ofSeconds(5));
    }

    public VerifyOptions withNode(URI rpc, Path cookie) {
        return new VerifyOptions(pool, rpc, cookie, database, follow, pollInterval);
    }

    public VerifyOptions following(Duration interval) {
        return new VerifyOptions(pool, node, nodeCookie, database, true, interval);
    }
}
