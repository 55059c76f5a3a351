package org.potluck.pool.hardening;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real embedded PostgreSQL that a test can stop and start again on the same data directory and port, so that the
 * pool's database goes away and comes back as it would in production. Close it to stop it and delete its data.
 */
final class StoppablePostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private EmbeddedPostgres running;

    private StoppablePostgres(Path dir, EmbeddedPostgres running) {
        this.dir = dir;
        this.running = running;
        this.port = running.getPort();
    }

    /** Starts on a free port with a fresh data directory holding an empty database {@code potluck}. */
    static StoppablePostgres start() throws Exception {
        Path dir = Files.createTempDirectory("potluck-outage-pg-");
        StoppablePostgres pg = new StoppablePostgres(dir, startOn(dir, 0));
        try (Connection c = DriverManager.getConnection(pg.url("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE potluck");
        }
        return pg;
    }

    /** The JDBC URL of the pool's database. */
    String url() {
        return url("potluck");
    }

    void stop() throws IOException {
        running.close();
        running = null;
    }

    /** Starts again on the same port, with the data the pool wrote before it was stopped. */
    void restart() throws IOException {
        running = startOn(dir, port);
    }

    @Override
    public void close() throws IOException {
        try {
            if (running != null) {
                stop();
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** On {@code port} (0: a free one) with the data kept in {@code dir}, so that a restart finds the pool's data. */
    private static EmbeddedPostgres startOn(Path dir, int port) throws IOException {
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }
}
