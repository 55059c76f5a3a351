package org.potluck.miner;

import java.util.LinkedHashSet;
import java.util.SequencedSet;

/**
 * The one piece of state the reader thread shares with the hashing threads: the newest work, and which job ids the
 * pool still accepts shares for (a clean notify invalidates all earlier ones at once).
 */
final class WorkBoard {
    /** Non-clean jobs stay valid until a clean one arrives; this bounds memory on pools that never send clean. */
    private static final int MAX_VALID_JOBS = 64;

    private final Object lock = new Object();
    private final SequencedSet<String> validJobs = new LinkedHashSet<>();
    private volatile Work current;
    private volatile boolean stopped;

    /** The newest work, read by hashing threads every few thousand hashes to notice that it changed. */
    Work current() {
        return current;
    }

    void publish(Work work) {
        synchronized (lock) {
            if (work.job().clean()) {
                validJobs.clear();
            }
            validJobs.remove(work.job().jobId());
            validJobs.addLast(work.job().jobId());
            while (validJobs.size() > MAX_VALID_JOBS) {
                validJobs.removeFirst();
            }
            current = work;
            lock.notifyAll();
        }
    }

    /** Replaces the current work without touching job validity (a new version mask for the same job). */
    void replaceCurrent(Work work) {
        synchronized (lock) {
            current = work;
            lock.notifyAll();
        }
    }

    /** Nothing to mine: the connection is gone, and so is every job it gave. */
    void clear() {
        synchronized (lock) {
            validJobs.clear();
            current = null;
            lock.notifyAll();
        }
    }

    boolean isValid(long session, String jobId) {
        synchronized (lock) {
            Work w = current;
            return w != null && w.session() == session && validJobs.contains(jobId);
        }
    }

    /** Blocks until there is work other than {@code seen}; null once stopped. */
    Work awaitOther(Work seen) throws InterruptedException {
        synchronized (lock) {
            while (!stopped && (current == null || current == seen)) {
                lock.wait(1000);
            }
            return stopped ? null : current;
        }
    }

    void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    boolean stopped() {
        return stopped;
    }
}
