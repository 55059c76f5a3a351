package org.potluck.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded {@link ShareStore}: one SQLite file in WAL mode with {@code synchronous=NORMAL}. NORMAL may lose the
 * last transactions on a power cut; that is fine because the journal is durable and the copier re-copies from
 * {@link #lastSequence()}. One connection, used under this object's lock (SQLite has one writer anyway).
 */
public final class SqliteShareStore extends JdbcShareStore {
    private final Connection connection;

    private SqliteShareStore(Path file, Connection connection) {
        // SQLite keeps booleans as 0/1; the query must repeat the partial index's "block = 1" for the index to serve
        // it.
        super("share database " + file, "block = 1");
        this.connection = connection;
    }

    /** Opens the database at {@code file}, creating it if missing and migrating its schema to the newest version. */
    public static SqliteShareStore open(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Connection connection = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.createDirectories(parent);
            }
            // SQLite would create it 0644; made here first, owner-only, and SQLite gives its -wal and -shm the same
            // mode.
            PrivateFiles.createFile(file.toAbsolutePath());
            connection = DriverManager.getConnection(url);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
            }
            SQLiteDataSource dataSource = new SQLiteDataSource();
            dataSource.setUrl(url);
            Migrations.migrate(dataSource, "sqlite", madeBeforeFlyway(connection), "share database " + file);
            return new SqliteShareStore(file, connection);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof ShareStoreException sse) {
                throw sse;
            }
            throw new ShareStoreException("cannot open share database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Potluck 0.1 made the version-1 tables by hand and recorded them in its own table, schema_version. */
    private static boolean madeBeforeFlyway(Connection connection) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables.contains("schema_version") && !tables.contains("flyway_schema_history");
    }

    @Override
    synchronized <T> T withConnection(SqlWork<T> work) throws SQLException {
        return work.run(connection);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new ShareStoreException("cannot close " + description() + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }
}
