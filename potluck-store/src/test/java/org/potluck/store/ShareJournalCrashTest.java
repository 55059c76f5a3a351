package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a burst of appends: every acknowledged share survives, and numbering has no holes. */
class ShareJournalCrashTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedShareSurvivesKillNineWithNoGapsOrDuplicates() throws Exception {
        // Small segments so the kill can also land around a segment roll.
        long acknowledgedBeforeFirstKill = 0;
        for (int round = 0; round < 2; round++) {
            Set<Long> acknowledged = runAndKill(3000);
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(3000);
            try (ShareJournal journal = ShareJournal.open(dir, 256 * 1024, ChannelOpener.FILES)) {
                List<AcceptedShare> all = ShareJournalTest.replayAll(journal, 0);
                List<Long> sequences = ShareJournalTest.sequences(all);
                assertThat(sequences)
                        .as("no gaps, no duplicates")
                        .containsExactlyElementsOf(ShareJournalTest.range(1, journal.lastSequence()));
                assertThat(sequences).containsAll(acknowledged);
                assertThat(journal.lastSequence()).isGreaterThan(acknowledgedBeforeFirstKill);
                acknowledgedBeforeFirstKill = journal.lastSequence();
            }
        }
    }

    /** Starts the child, waits for {@code minimum} acknowledgements, kills it with SIGKILL, returns what it acked. */
    private Set<Long> runAndKill(int minimum) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        JournalAppenderProcess.class.getName(),
                        dir.toString(),
                        "16",
                        String.valueOf(256 * 1024))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> unreadable = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    try {
                        acknowledged.add(Long.parseLong(line));
                    } catch (NumberFormatException e) {
                        unreadable.add(line); // a line cut by the kill was never a complete acknowledgement
                    }
                }
            } catch (java.io.IOException ignored) {
                // the pipe closes when the child dies
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < minimum && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as("child still appending when killed").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
            child.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        assertThat(unreadable).hasSizeLessThanOrEqualTo(1);
        return acknowledged;
    }
}
