package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@code storage.url} picks a store; PostgreSQL URLs are covered in {@link PostgresShareStoreTest}. */
class ShareStoresTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void noUrlMeansSqliteInTheDataDirectory(String url) {
        try (ShareStore store = ShareStores.open(url, dataDir)) {
            assertThat(store).isInstanceOf(SqliteShareStore.class);
            store.insert(List.of(Shares.share(1).withSequence(1)));
        }
        assertThat(dataDir.resolve("shares.db")).isRegularFile();
    }

    @Test
    void aRelativeSqliteFileIsInTheDataDirectoryAndAnAbsoluteOneWhereItSays(@TempDir Path elsewhere) {
        try (ShareStore store = ShareStores.open("jdbc:sqlite:sub/pool.sqlite", dataDir)) {
            assertThat(store).isInstanceOf(SqliteShareStore.class);
        }
        assertThat(dataDir.resolve("sub").resolve("pool.sqlite")).isRegularFile();
        Path absolute = elsewhere.resolve("abs.sqlite");
        try (ShareStore store = ShareStores.open("jdbc:sqlite:" + absolute, dataDir)) {
            store.putSetting("where", "absolute");
        }
        assertThat(absolute).isRegularFile();
        try (ShareStore store = ShareStores.open("jdbc:sqlite:" + absolute, null)) {
            assertThat(store.settings()).containsEntry("where", "absolute");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://db/potluck", "jdbc:mysql://db:3306/potluck", "postgresql://h/db", "shares.db"})
    void anUnknownKindOfUrlIsRefusedNamingItAndWhatIsExpected(String url) {
        assertThatThrownBy(() -> ShareStores.open(url, dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage.url '" + url + "'")
                .hasMessageContaining("jdbc:sqlite:FILE")
                .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void aPasswordInARefusedUrlIsNotPrinted() {
        assertThatThrownBy(() -> ShareStores.open("jdbc:mariadb://db/p?user=pool&password=hunter2&ssl=true", dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user=pool&password=***&ssl=true")
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdbc:sqlite:",
                "jdbc:sqlite::memory:",
                "jdbc:sqlite:file:x.db?mode=ro",
                "jdbc:sqlite:x.db?journal_mode=delete"
            })
    void aSqliteUrlThatIsNotAPlainFileIsRefused(String url) throws Exception {
        assertThatThrownBy(() -> ShareStores.open(url, dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("does not name a SQLite file");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("nothing was created").isEmpty();
        }
    }

    @Test
    void aRelativeSqliteFileWithoutADataDirectoryIsRefused() {
        assertThatThrownBy(() -> ShareStores.open(null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a data directory");
    }
}
