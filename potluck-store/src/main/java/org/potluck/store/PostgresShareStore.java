package org.potluck.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The server {@link ShareStore}: a PostgreSQL database reached through a small HikariCP pool, so that readers (API,
 * dashboard) and the journal copier work at the same time. The schema is migrated by Flyway when the store opens;
 * Flyway's lock lets several pools start on one database at once.
 */
public final class PostgresShareStore extends JdbcShareStore {
    private static final String URL_PREFIX = "jdbc:postgresql:";
    private static final int POOL_SIZE = 4;
    private static final long CONNECTION_TIMEOUT_MS = 10_000;

    private final HikariDataSource dataSource;

    private PostgresShareStore(String description, HikariDataSource dataSource) {
        super(description, "block");
        this.dataSource = dataSource;
    }

    /**
     * Connects to the database and migrates its schema to the newest version.
     *
     * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/potluck?user=potluck&password=secret}; any pgJDBC
     *                parameter may be given
     * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
     * @throws ShareStoreException      if the database cannot be reached or migrated; the message hides the password
     */
    public static PostgresShareStore open(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: '" + ShareStores.redact(jdbcUrl)
                    + "'; expected " + URL_PREFIX + "//HOST:PORT/DATABASE?user=USER&password=PASSWORD");
        }
        String description = "PostgreSQL share database " + ShareStores.redact(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("potluck-store");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        // Defaults only: a parameter given in the URL wins. Rewritten batches make copying the journal ~10x faster.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "potluck");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ShareStoreException("cannot connect to " + description + ": " + rootMessage(e), e);
        }
        try {
            Migrations.migrate(dataSource, "postgresql", false, description);
            return new PostgresShareStore(description, dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    @Override
    <T> T withConnection(SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Hikari wraps the driver's reason ("Connection to ... refused") in a generic "Failed to initialize pool". */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
