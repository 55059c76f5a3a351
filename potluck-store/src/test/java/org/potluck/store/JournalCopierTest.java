package org.potluck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class JournalCopierTest {
    @TempDir
    Path dir;

    private Path journalDir() {
        return dir.resolve("journal");
    }

    private Path dbFile() {
        return dir.resolve("shares.sqlite");
    }

    @Test
    void copiesEverythingAlreadyInTheJournalAndWhatFollows() throws Exception {
        try (ShareJournal journal = ShareJournal.open(journalDir(), 64 * 1024, ChannelOpener.FILES);
                SqliteShareStore store = SqliteShareStore.open(dbFile())) {
            ShareJournalTest.appendAll(journal, 0, 2500);
            try (JournalCopier copier = new JournalCopier(journal, store)) {
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(20));
                assertThat(store.count()).isEqualTo(2500);

                ShareJournalTest.appendAll(journal, 2500, 3000);
                copier.awaitCaughtUp(Duration.ofSeconds(20));
            }
            assertThat(store.count()).isEqualTo(3000);
            assertThat(store.lastSequence()).isEqualTo(journal.lastSequence());
            List<AcceptedShare> fromJournal = ShareJournalTest.replayAll(journal, 0);
            assertThat(store.sharesAfter(0, 5000))
                    .containsExactlyElementsOf(fromJournal.stream()
                            .map(ShareStoreContractTest::asStored)
                            .toList());
        }
    }

    @Test
    void aRestartHalfwayCopiesTheRestWithoutDuplicates() throws Exception {
        try (ShareJournal journal = ShareJournal.open(journalDir(), 64 * 1024, ChannelOpener.FILES)) {
            ShareJournalTest.appendAll(journal, 0, 1500);
            try (SqliteShareStore store = SqliteShareStore.open(dbFile());
                    JournalCopier copier = new JournalCopier(journal, store)) {
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(20));
            }
            // While nothing copies, the journal grows; the store also lost its last 200 rows, as synchronous=NORMAL
            // may.
            ShareJournalTest.appendAll(journal, 1500, 4000);
            try (SqliteShareStore store = SqliteShareStore.open(dbFile())) {
                store.insert(List.of()); // no-op
                deleteAbove(1300);
            }
            try (SqliteShareStore store = SqliteShareStore.open(dbFile());
                    JournalCopier copier = new JournalCopier(journal, store)) {
                assertThat(store.lastSequence()).isEqualTo(1300);
                copier.start();
                copier.awaitCaughtUp(Duration.ofSeconds(20));
                assertThat(store.count()).isEqualTo(journal.lastSequence()).isEqualTo(4000);
                assertThat(store.sharesAfter(0, 10_000))
                        .extracting(AcceptedShare::sequence)
                        .containsExactlyElementsOf(ShareJournalTest.range(1, 4000));
            }
        }
    }

    @Test
    void awaitCaughtUpGivesUpWithAClearMessageWhenNothingCopies() throws Exception {
        try (ShareJournal journal = ShareJournal.open(journalDir());
                SqliteShareStore store = SqliteShareStore.open(dbFile());
                JournalCopier copier = new JournalCopier(journal, store)) {
            ShareJournalTest.appendAll(journal, 0, 3);
            assertThatThrownBy(() -> copier.awaitCaughtUp(Duration.ofMillis(100)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("journal at 3");
        }
    }

    @Test
    void aDifferentShareAlreadyInTheDatabaseIsLoggedAsAnErrorAndAwaitCaughtUpSaysWhy() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger copierLog = (Logger) LoggerFactory.getLogger(JournalCopier.class);
        logged.start();
        copierLog.addAppender(logged);
        try (ShareJournal journal = ShareJournal.open(journalDir());
                SqliteShareStore store = SqliteShareStore.open(dbFile());
                JournalCopier copier = new JournalCopier(journal, store)) {
            ShareJournalTest.appendAll(journal, 0, 10);
            store.insert(List.of(Shares.share(99).withSequence(5))); // numbered alike by someone else
            copier.start();
            assertThatThrownBy(() -> copier.awaitCaughtUp(Duration.ofSeconds(20)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("different share under sequence 5");
            assertThat(copier.healthy()).isFalse();
            assertThat(copier.lastError()).contains("different share under sequence 5");
            assertThat(store.count())
                    .as("nothing of the conflicting batch is stored")
                    .isEqualTo(1);
            assertThat(logged.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("different share under sequence 5");
            });
        } finally {
            copierLog.detachAppender(logged);
        }
    }

    /**
     * Another process holds the database's write lock (SQLite's busy timeout, 10 s, runs out): the copier reports
     * itself unhealthy with the database's reason, and healthy again, with every share copied, once the lock is gone.
     */
    @Test
    void aDatabaseThatRefusesWritesMakesTheCopierUnhealthyUntilItTakesThemAgain() throws Exception {
        try (ShareJournal journal = ShareJournal.open(journalDir());
                SqliteShareStore store = SqliteShareStore.open(dbFile());
                JournalCopier copier = new JournalCopier(journal, store)) {
            copier.start();
            ShareJournalTest.appendAll(journal, 0, 10);
            copier.awaitCaughtUp(Duration.ofSeconds(20));
            try (var locker = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dbFile());
                    var s = locker.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                ShareJournalTest.appendAll(journal, 10, 20);
                await().atMost(Duration.ofSeconds(40)).until(() -> !copier.healthy());
                assertThat(copier.lastError()).contains("SQLITE_BUSY");
                s.execute("COMMIT");
            }
            copier.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(copier.healthy())
                    .as("healthy again once the database takes writes")
                    .isTrue();
            assertThat(store.count()).isEqualTo(20);
        }
    }

    private void deleteAbove(long sequence) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dbFile());
                var s = c.createStatement()) {
            s.execute("DELETE FROM accepted_share WHERE sequence > " + sequence);
        }
    }
}
