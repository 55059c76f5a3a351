package org.potluck.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The journal holds damaged bytes where durable records should be: not a torn tail a crash can leave, but damage to
 * data that may have been acknowledged to miners. The journal refuses to guess past it: an operator has to look.
 */
public final class JournalCorruptedException extends IOException {
    private final Path file;
    private final long offset;

    public JournalCorruptedException(Path file, long offset, String reason) {
        super("share journal segment " + file + " is damaged at byte offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
