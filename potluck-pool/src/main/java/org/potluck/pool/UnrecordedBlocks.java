package org.potluck.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.potluck.pool.publish.JobJson;
import org.potluck.store.BlockRecord;
import org.potluck.store.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The found blocks the database has not taken yet, one small file each under the pool's data directory
 * ({@code found-blocks/<block hash>.json}), so that a block found while the database is down survives a restart of
 * the pool before the database is back. A file is written (and forced, with its directory entry) before the block
 * goes to the database, and deleted once the database holds it; the database skips a block hash it already holds, so
 * a file left by a crash between the two only writes the same row again.
 */
final class UnrecordedBlocks {
    private static final Logger log = LoggerFactory.getLogger(UnrecordedBlocks.class);
    private static final Pattern NAME = Pattern.compile("[0-9a-fA-F]{64}\\.json");

    private final Path dir;

    UnrecordedBlocks(Path dir) throws IOException {
        this.dir = PrivateFiles.createDirectories(dir);
    }

    /** Makes the block durable: once this returns, a crash or a restart no longer loses it. */
    void keep(BlockRecord block) {
        Path file = fileOf(block.blockHash());
        Path temp = dir.resolve(block.blockHash() + ".tmp");
        byte[] bytes = JobJson.JSON.writeValueAsBytes(block);
        try {
            try (FileChannel out = FileChannel.open(
                    temp,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    PrivateFiles.fileAttributes(temp))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep found block " + block.blockHash() + " in " + file, e);
        }
    }

    /** The database holds the block now. */
    void forget(String blockHash) {
        try {
            Files.deleteIfExists(fileOf(blockHash));
        } catch (IOException e) {
            // Harmless: the next start stores it again, which the database skips.
            log.warn("cannot delete {} although the database holds that block: {}", fileOf(blockHash), e.toString());
        }
    }

    /** Every block kept and not yet forgotten, oldest first (in the order they were found). */
    List<BlockRecord> all() throws IOException {
        List<BlockRecord> blocks = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!NAME.matcher(name).matches()) {
                    continue; // a .tmp left by a crash before its move: the block was never reported as kept
                }
                try {
                    blocks.add(JobJson.JSON.readValue(Files.readAllBytes(file), BlockRecord.class));
                } catch (RuntimeException e) {
                    throw new IOException("found block file " + file + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        blocks.sort(Comparator.comparing(BlockRecord::time).thenComparing(BlockRecord::blockHash));
        return blocks;
    }

    private Path fileOf(String blockHash) {
        return dir.resolve(blockHash + ".json");
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
