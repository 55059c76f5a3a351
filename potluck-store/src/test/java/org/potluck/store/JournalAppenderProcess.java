package org.potluck.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Child process of {@link ShareJournalCrashTest}: appends shares from many threads, forever, and prints each
 * sequence to stdout only after its append completed, i.e. exactly what a pool would have acknowledged.
 */
public final class JournalAppenderProcess {
    private JournalAppenderProcess() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long segmentBytes = Long.parseLong(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        ShareJournal journal = ShareJournal.open(dir, segmentBytes, ChannelOpener.FILES);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    AcceptedShare stored =
                            journal.append(Shares.share(thread * 1_000_000 + i)).join();
                    synchronized (out) {
                        out.println(stored.sequence());
                        out.flush();
                    }
                }
            });
        }
        new CountDownLatch(1).await(); // until killed
    }
}
