package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class SqliteShareStoreTest extends ShareStoreContractTest {

    private static Path file(Path dir) {
        return dir.resolve("db").resolve("shares.sqlite");
    }

    @Override
    ShareStore openStore(Path dir) {
        return SqliteShareStore.open(file(dir));
    }

    @Override
    Connection rawConnection(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file(dir));
    }

    @Override
    void migrateOnlyTo(Path dir, String version) {
        try {
            Files.createDirectories(file(dir).getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Flyway.configure()
                .dataSource("jdbc:sqlite:" + file(dir), null, null)
                .locations("classpath:db/migration/sqlite")
                .target(version)
                .load()
                .migrate();
    }

    @Override
    String booleanLiteral(boolean value) {
        return value ? "1" : "0";
    }

    @Test
    void usesWalModeAndRecordsEveryMigrationInFlywaysHistory() throws Exception {
        try (Connection c = rawConnection(dir);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            assertThat(appliedVersions(s)).containsExactly("1", "2", "4", "5", "6");
        }
        store.close();
        store = openStore(dir);
        try (Connection c = rawConnection(dir);
                Statement s = c.createStatement()) {
            assertThat(appliedVersions(s))
                    .as("reopening applies nothing again")
                    .containsExactly("1", "2", "4", "5", "6");
        }
    }

    @Test
    void aDatabaseMadeBeforeFlywayIsAdoptedWithItsShares() throws Exception {
        store.close();
        Path legacy = dir.resolve("legacy");
        Files.createDirectories(file(legacy).getParent());
        // The schema exactly as Potluck 0.1's SqliteShareStore created it by hand.
        try (Connection c = rawConnection(legacy);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version (version) VALUES (1)");
            s.execute("""
          CREATE TABLE accepted_share (sequence INTEGER PRIMARY KEY, time_us INTEGER NOT NULL, address TEXT,
            worker TEXT, user_agent TEXT, job_id TEXT, difficulty REAL NOT NULL, hash_difficulty REAL NOT NULL,
            block INTEGER NOT NULL, block_hash TEXT, extranonce1 TEXT, extranonce2 TEXT, ntime TEXT, nonce TEXT,
            version_bits TEXT)""");
            s.execute("CREATE INDEX accepted_share_blocks ON accepted_share (sequence) WHERE block = 1");
            s.execute("INSERT INTO accepted_share VALUES (1, 1748779200123456, 'bc1qold', 'rig', 'ua', 'j1', 512.0, "
                    + "1024.5, 1, 'beef', 'e1', 'e2', '6650a1b2', '00000001', NULL)");
        }
        store = openStore(legacy);
        assertThat(store.sharesAfter(0, 10))
                .singleElement()
                .satisfies(s -> assertThat(s.address()).isEqualTo("bc1qold"))
                .satisfies(s -> assertThat(s.block()).isTrue())
                .satisfies(s -> assertThat(s.proof())
                        .isEqualTo(new ShareProof.Sv1Strings("e1", "e2", "6650a1b2", "00000001", null)));
        assertThat(store.recentBlocks(5)).extracting(AcceptedShare::sequence).containsExactly(1L);
        store.putSetting("k", "v"); // the version-2 tables exist
        assertThat(store.settings()).containsEntry("k", "v");
        try (Connection c = rawConnection(legacy);
                Statement s = c.createStatement()) {
            assertThat(appliedVersions(s)).containsExactly("1", "2", "4", "5", "6");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the hand-made version table is gone")
                        .isZero();
            }
        }
    }

    private static List<String> appliedVersions(Statement s) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (ResultSet rs =
                s.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }
}
