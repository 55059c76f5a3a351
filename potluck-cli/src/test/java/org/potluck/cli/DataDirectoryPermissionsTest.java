package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `potluck init` and `potluck run` leave on disk holds an RPC password and every miner's shares: owner-only
 * (directories 0700, files 0600), whatever the umask.
 */
class DataDirectoryPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void initAndRunCreateOwnerOnlyFiles() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        int noNode;
        try (var probe = new ServerSocket(0)) {
            noNode = probe.getLocalPort();
        }
        Path config = dir.resolve("potluck.toml");
        Path data = dir.resolve("pool-data");
        assertThat(Main.run(
                        "init",
                        "--yes",
                        "--skip-node-check",
                        "--network",
                        "signet",
                        "--node-url",
                        "http://127.0.0.1:" + noNode,
                        "--rpc-user",
                        "pool",
                        "--rpc-password",
                        "secret",
                        "--stratum-port",
                        "0",
                        "--web-port",
                        "0",
                        "--data-dir",
                        data.toString(),
                        "--output",
                        config.toString()))
                .isZero();
        assertThat(permissions(config)).isEqualTo("rw-------");

        try (var pool = PoolProcess.run(config, dir.resolve("pool.log"), Map.of())) {
            assertThat(permissions(data)).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("journal"))).isEqualTo("rwx------");
            List<Path> files = regularFiles(data);
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("shares.db", "journal.lock");
            assertThat(files)
                    .allSatisfy(f -> assertThat(permissions(f)).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
