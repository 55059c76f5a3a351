package org.potluck.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data directory holds every miner's shares, addresses and the pool's ledger: it is made readable by its owner
 * only (directories 0700, files 0600) where the file system has POSIX permissions. Existing directories and files
 * keep the permissions they have: an operator who opened them up on purpose is not overruled.
 */
public final class PrivateFiles {
    private static final FileAttribute<?> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private PrivateFiles() {}

    /** Creates {@code dir} and any missing parents as owner-only directories. */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return posix(dir) ? Files.createDirectories(dir, DIRECTORY) : Files.createDirectories(dir);
    }

    /** Creates an empty owner-only file unless one is there already. */
    static void createFile(Path file) throws IOException {
        try {
            if (posix(file)) {
                Files.createFile(file, FILE);
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept as it is
        }
    }

    /** What to pass to {@code FileChannel.open} so that a file it creates is owner-only. */
    public static FileAttribute<?>[] fileAttributes(Path file) {
        return posix(file) ? new FileAttribute<?>[] {FILE} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
