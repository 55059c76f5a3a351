package org.potluck.store;

import java.nio.file.Path;
import org.potluck.config.ConfigException;

/** {@code [storage]}: where shares are stored; an empty url means embedded SQLite in the data directory. */
public record StorageConfig(String url) {
    public static final StorageConfig DEFAULT = new StorageConfig("");

    public StorageConfig {
        url = url == null ? "" : url;
    }

    public boolean embedded() {
        return url.isBlank();
    }

    public boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The JDBC URL to open: the configured one, or SQLite's {@code shares.db} inside {@code dataDir}. */
    public String jdbcUrl(String dataDir) {
        return embedded() ? "jdbc:sqlite:" + Path.of(dataDir).resolve("shares.db") : url;
    }

    public void validate() {
        if (!url.isEmpty() && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(
                    "storage.url",
                    url,
                    "empty (SQLite in data_dir), jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE");
        }
    }
}
