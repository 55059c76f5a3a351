package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.store.BlockRecord;

/** The files that keep found blocks the database has not taken yet, across a restart of the pool. */
class UnrecordedBlocksTest {
    @TempDir
    Path dir;

    @Test
    void aKeptBlockIsReadBackFieldForFieldByTheNextPoolUntilItIsForgotten() throws IOException {
        BlockRecord block = block("ab", 101, Instant.parse("2026-12-03T16:00:00.123456789Z"));
        new UnrecordedBlocks(dir).keep(block);

        UnrecordedBlocks again = new UnrecordedBlocks(dir);
        assertThat(again.all()).containsExactly(block);
        again.forget(block.blockHash());
        assertThat(new UnrecordedBlocks(dir).all()).isEmpty();
    }

    @Test
    void aKeptBlockIsOwnerOnlyLikeEveryOtherFileOfTheDataDirectory() throws IOException {
        BlockRecord block = block("ab", 101, Instant.parse("2026-12-03T16:00:00Z"));
        new UnrecordedBlocks(dir.resolve("found-blocks")).keep(block);

        try (var files = Files.list(dir.resolve("found-blocks"))) {
            assertThat(files.toList())
                    .singleElement()
                    .satisfies(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .isEqualTo("rw-------"));
        }
    }

    @Test
    void blocksComeBackInTheOrderTheyWereFoundSoTheDatabaseTakesTheOlderOneFirst() throws IOException {
        UnrecordedBlocks kept = new UnrecordedBlocks(dir);
        BlockRecord later = block("01", 102, Instant.parse("2026-12-03T16:00:02Z"));
        BlockRecord earlier = block("ff", 101, Instant.parse("2026-12-03T16:00:01Z"));
        kept.keep(later);
        kept.keep(earlier);
        assertThat(new UnrecordedBlocks(dir).all()).containsExactly(earlier, later);
    }

    @Test
    void aFileTornByACrashBeforeItsMoveIsNotABlockButADamagedKeptFileIsAnError() throws IOException {
        UnrecordedBlocks kept = new UnrecordedBlocks(dir);
        Files.writeString(dir.resolve("cd".repeat(32) + ".tmp"), "{\"height\":1");
        assertThat(kept.all()).as("a .tmp was never reported kept").isEmpty();

        Files.writeString(dir.resolve("cd".repeat(32) + ".json"), "{\"height\":1");
        assertThatThrownBy(kept::all).isInstanceOf(IOException.class).hasMessageContaining("cd".repeat(32) + ".json");
    }

    private static BlockRecord block(String hashByte, int height, Instant time) {
        return new BlockRecord(
                height,
                hashByte.repeat(32),
                "job-" + height,
                7,
                "bcrt1qfinder",
                true,
                time,
                "{\"height\":" + height + "}",
                "pending");
    }
}
