package org.potluck.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/** How the journal opens the segment it writes; tests pass one that fails on demand, as a full disk would. */
@FunctionalInterface
interface ChannelOpener {
    /** Segments it creates are owner-only (see {@link PrivateFiles}). */
    ChannelOpener FILES = (file, options) -> FileChannel.open(file, options, PrivateFiles.fileAttributes(file));

    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;
}
