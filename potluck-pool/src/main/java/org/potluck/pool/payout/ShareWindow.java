package org.potluck.pool.payout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.potluck.store.AcceptedShare;
import org.potluck.store.ShareStore;

/**
 * The most recent journaled shares, newest last, enough of them to fill a PPLNS window. Shares arrive as their journal
 * writes complete, which is not always in sequence order, so the window only ever exposes the unbroken run of
 * sequences: a job's window must be exactly "every share up to sequence N", which the verifier recomputes.
 */
public final class ShareWindow {
    /** One share as the window needs it. */
    public record Entry(long sequence, String address, double difficulty) {
    }

    /** The shares up to {@code endSequence}, newest first. */
    public record Snapshot(long endSequence, List<Entry> newestFirst) {
    }

    private final TreeMap<Long, Entry> shares = new TreeMap<>();
    private final ShareStore store;
    private long contiguousEnd;
    private double contiguousWeight;
    /** The oldest sequence held in memory; older shares are read from the database when a window needs them. */
    private long oldestLoaded;

    /** A window that continues the database's shares: they are read, newest first, only as far back as needed. */
    public ShareWindow(ShareStore store) {
        this.store = store;
        this.contiguousEnd = store.lastSequence();
        this.oldestLoaded = contiguousEnd + 1;
    }

    private void loadOlder(double keepWeight) {
        while (contiguousWeight < keepWeight && oldestLoaded > 1) {
            List<AcceptedShare> batch = store.sharesDescending(oldestLoaded - 1, 10_000);
            if (batch.isEmpty()) {
                oldestLoaded = 1;
                return;
            }
            for (AcceptedShare s : batch) {
                shares.put(s.sequence(), new Entry(s.sequence(), s.address(), s.difficulty()));
                contiguousWeight += s.difficulty();
                oldestLoaded = s.sequence();
            }
        }
    }

    /** Adds a journaled share; a sequence already seen or already trimmed away is ignored. */
    public synchronized void add(AcceptedShare share) {
        if (share.sequence() <= contiguousEnd || shares.containsKey(share.sequence())) {
            return;
        }
        shares.put(share.sequence(), new Entry(share.sequence(), share.address(), share.difficulty()));
        Map.Entry<Long, Entry> next;
        while ((next = shares.ceilingEntry(contiguousEnd + 1)) != null && next.getKey() == contiguousEnd + 1) {
            contiguousEnd++;
            contiguousWeight += next.getValue().difficulty();
        }
    }

    /**
     * Every share up to the end of the unbroken run, newest first, and drops from memory the oldest ones that a window
     * of {@code keepWeight} can no longer reach. Keep a margin above the real window size: network difficulty can rise.
     */
    public synchronized Snapshot snapshot(double keepWeight) {
        loadOlder(keepWeight);
        while (!shares.isEmpty() && shares.firstKey() <= contiguousEnd
                && contiguousWeight - shares.firstEntry().getValue().difficulty() >= keepWeight) {
            contiguousWeight -= shares.pollFirstEntry().getValue().difficulty();
            oldestLoaded = shares.firstKey();
        }
        List<Entry> newestFirst = new ArrayList<>(shares.headMap(contiguousEnd, true).descendingMap().values());
        return new Snapshot(contiguousEnd, newestFirst);
    }
}
