package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shares name every miner's address and worker: what the store creates is readable by its owner only. */
class PrivateDataFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
    }

    @Test
    void theJournalDirectoryIsOwnerOnlyAndSoIsEveryFileInIt() throws Exception {
        Path journalDir = dir.resolve("data/journal");
        try (ShareJournal journal = ShareJournal.open(journalDir)) {
            journal.append(Shares.share(1)).get(10, TimeUnit.SECONDS);
        }

        assertThat(permissions(dir.resolve("data"))).isEqualTo("rwx------");
        assertThat(permissions(journalDir)).isEqualTo("rwx------");
        assertThat(files(journalDir))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(permissions(f)).as(f.toString()).isEqualTo("rw-------"));
    }

    @Test
    void theDatabaseAndItsWriteAheadLogAreOwnerOnly() throws Exception {
        Path db = dir.resolve("data/shares.db");
        try (ShareStore store = SqliteShareStore.open(db)) {
            store.insert(List.of(Shares.share(1).withSequence(1)));
            assertThat(files(dir.resolve("data")))
                    .extracting(p -> p.getFileName().toString())
                    .contains("shares.db", "shares.db-wal");
            assertThat(files(dir.resolve("data")))
                    .allSatisfy(f -> assertThat(permissions(f)).as(f.toString()).isEqualTo("rw-------"));
        }
        assertThat(permissions(dir.resolve("data"))).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryKeepsThePermissionsItsOwnerGaveIt() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));

        PrivateFiles.createDirectories(shared);

        assertThat(permissions(shared)).isEqualTo("rwxr-x---");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
