package org.potluck.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Opens the {@link ShareStore} that the {@code storage.url} setting names. */
public final class ShareStores {
    /** The SQLite file used when no {@code storage.url} is set, in the pool's data directory. */
    public static final String DEFAULT_SQLITE_FILE = "shares.db";

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final String EXPECTED = "expected nothing (SQLite at DATA_DIR/" + DEFAULT_SQLITE_FILE
            + "), jdbc:sqlite:FILE (relative to the data directory), or "
            + "jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD";

    private ShareStores() {}

    /**
     * @param url     the {@code storage.url} setting: null or blank for SQLite at {@code dataDir/shares.db},
     *                {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql:...}
     * @param dataDir the pool's data directory, for SQLite files given without an absolute path
     * @throws IllegalArgumentException if the URL is of another kind; the message names it (password hidden)
     * @throws ShareStoreException      if the database cannot be opened or migrated
     */
    public static ShareStore open(String url, Path dataDir) {
        if (url == null || url.isBlank()) {
            return SqliteShareStore.open(requireDataDir(dataDir, url).resolve(DEFAULT_SQLITE_FILE));
        }
        String trimmed = url.strip();
        if (trimmed.startsWith(SQLITE_PREFIX)) {
            return SqliteShareStore.open(sqliteFile(trimmed, dataDir));
        }
        if (trimmed.startsWith(POSTGRES_PREFIX)) {
            return PostgresShareStore.open(trimmed);
        }
        throw new IllegalArgumentException("storage.url '" + redact(url) + "' is not supported: " + EXPECTED);
    }

    /** The URL with any password parameter's value replaced, for messages and logs. */
    static String redact(String url) {
        return url == null ? "null" : PASSWORD.matcher(url).replaceAll("$1***");
    }

    private static Path sqliteFile(String url, Path dataDir) {
        String file = url.substring(SQLITE_PREFIX.length());
        // In-memory databases would be migrated on one connection and used on another; URI forms carry options that
        // this store sets itself. Neither is a file this store can open.
        if (file.isBlank() || file.contains(":memory:") || file.startsWith("file:") || file.contains("?")) {
            throw new IllegalArgumentException("storage.url '" + url + "' does not name a SQLite file: expected "
                    + "jdbc:sqlite: followed by a file path, e.g. jdbc:sqlite:/var/lib/potluck/shares.db");
        }
        Path path = Path.of(file);
        return path.isAbsolute() ? path : requireDataDir(dataDir, url).resolve(path);
    }

    private static Path requireDataDir(Path dataDir, String url) {
        if (dataDir == null) {
            throw new IllegalArgumentException("storage.url '" + redact(url)
                    + "' needs a data directory for its SQLite " + "file, but none was given");
        }
        return dataDir;
    }
}
