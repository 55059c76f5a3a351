package org.potluck.pool.payout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareStore;

/**
 * The most recent journaled shares, newest last, enough of them to fill a PPLNS window. It is fed from the journal's
 * ordered share stream ({@code ShareJournal.follow}), which hands shares over in sequence order without holes, so the
 * window is always exactly "every share up to {@link Snapshot#endSequence()}", which the verifier recomputes.
 */
public final class ShareWindow {
    /** One share as the window needs it. */
    public record Entry(long sequence, String address, double difficulty) {}

    /** The shares up to {@code endSequence}, newest first. */
    public record Snapshot(long endSequence, List<Entry> newestFirst) {}

    /** Oldest first. */
    private final ArrayDeque<Entry> shares = new ArrayDeque<>();

    private final ShareStore store;
    private long end;
    private double weight;
    /** The oldest sequence held in memory; older shares are read from the database when a window needs them. */
    private long oldestLoaded;

    /**
     * A window that continues the database's shares: they are read, newest first, only as far back as needed. Follow
     * the share stream from {@link #end()} on.
     */
    public ShareWindow(ShareStore store) {
        this.store = store;
        this.end = store.lastSequence();
        this.oldestLoaded = end + 1;
    }

    /** The newest sequence in the window: the share stream continues after it. */
    public synchronized long end() {
        return end;
    }

    /**
     * Adds shares from the ordered share stream. A sequence the window already has is passed over; a hole means the
     * stream broke its promise, and the window refuses to pretend it holds every share up to its end.
     *
     * @throws IllegalStateException when a share does not follow the window's end
     */
    public synchronized void add(List<AcceptedShare> inOrder) {
        for (AcceptedShare share : inOrder) {
            if (share.sequence() <= end) {
                continue;
            }
            if (share.sequence() != end + 1) {
                throw new IllegalStateException("share " + share.sequence() + " cannot follow share " + end
                        + " in the PPLNS window: the share stream must come in sequence order without holes");
            }
            shares.addLast(new Entry(share.sequence(), share.address(), share.difficulty()));
            end = share.sequence();
            weight += share.difficulty();
        }
    }

    private void loadOlder(double keepWeight) {
        while (weight < keepWeight && oldestLoaded > 1) {
            List<AcceptedShare> batch = store.sharesDescending(oldestLoaded - 1, 10_000);
            if (batch.isEmpty()) {
                oldestLoaded = 1;
                return;
            }
            for (AcceptedShare s : batch) {
                shares.addFirst(new Entry(s.sequence(), s.address(), s.difficulty()));
                weight += s.difficulty();
                oldestLoaded = s.sequence();
            }
        }
    }

    /**
     * Every share up to the window's end, newest first, and drops from memory the oldest ones that a window of
     * {@code keepWeight} can no longer reach. Keep a margin above the real window size: network difficulty can rise.
     */
    public synchronized Snapshot snapshot(double keepWeight) {
        loadOlder(keepWeight);
        while (shares.size() > 1 && weight - shares.getFirst().difficulty() >= keepWeight) {
            weight -= shares.removeFirst().difficulty();
            oldestLoaded = shares.getFirst().sequence();
        }
        return new Snapshot(end, new ArrayList<>(shares.reversed()));
    }
}
