package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real full disk for tests: a small tmpfs mounted over a directory (needs root), filled up with one file. */
public final class FullDisk {
    private FullDisk() {}

    /** Mounts a tmpfs of {@code size} (e.g. "2m") on {@code dir}, creating it; false where that is not allowed. */
    public static boolean mountTmpfs(Path dir, String size) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return false;
        }
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    }

    public static void unmount(Path dir) {
        run("umount", "-l", dir.toString());
    }

    /** Writes {@code filler} until the file system is full (ENOSPC). */
    public static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("space");
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
