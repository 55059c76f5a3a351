package org.potluck.web.api;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.potluck.accounting.published.PublishedShare;

/**
 * One subscriber's view of the share stream: first the stored shares after its cursor, then the live ones, each
 * sequence exactly once and in order.
 *
 * <p>It subscribes to live shares BEFORE reading the backlog, so a share accepted meanwhile is either in the backlog
 * or in the queue (or both: those are skipped by sequence). A live share that arrives ahead of a missing one (the
 * store lags the live notification) waits for the store to catch up; a subscriber too slow for the queue is switched
 * back to reading the store. Either way nothing is skipped silently: if a share stays missing, the feed ends with an
 * error and the client resumes from its cursor.
 */
final class ShareFeed implements AutoCloseable {
    /** Where shares go; a failure (the client left) ends the feed. */
    interface Sink {
        void share(PublishedShare share) throws IOException;

        /** Called when nothing was sent for a while, so that a dead connection is noticed and proxies keep it open. */
        void idle() throws IOException;
    }

    static final int PAGE = 500;
    /** Live shares waiting for a slow subscriber; beyond this it reads the store instead (it holds every share). */
    static final int QUEUE_CAPACITY = 1_000;
    static final long IDLE_MILLIS = 15_000;
    static final long GAP_WAIT_MILLIS = 5_000;

    private final PublicRecords records;
    private final LinkedBlockingQueue<PublishedShare> live = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AutoCloseable subscription;
    private volatile boolean overflowed;
    private long last;

    ShareFeed(PublicRecords records, long after) {
        this.records = records;
        this.last = after;
        this.subscription = records.onShare(share -> {
            if (!live.offer(share)) {
                overflowed = true;
            }
        });
    }

    /** Live shares waiting to be sent: at most {@link #QUEUE_CAPACITY}. */
    int queued() {
        return live.size();
    }

    /** Sends until {@code open} turns false or the sink fails; blocks the calling (virtual) thread. */
    void pump(Sink sink, BooleanSupplier open) throws IOException, InterruptedException {
        catchUp(sink, Long.MAX_VALUE);
        while (open.getAsBoolean()) {
            if (overflowed) {
                overflowed = false;
                live.clear();
                catchUp(sink, Long.MAX_VALUE);
                continue;
            }
            PublishedShare share = live.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            if (share == null) {
                sink.idle();
                continue;
            }
            if (share.sequence() <= last) {
                continue;
            }
            if (share.sequence() > last + 1) {
                fillGap(sink, share.sequence());
            }
            send(sink, share);
        }
    }

    private void fillGap(Sink sink, long upTo) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GAP_WAIT_MILLIS);
        while (true) {
            catchUp(sink, upTo - 1);
            if (last == upTo - 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("share " + (last + 1) + " is not in the store; resume from " + last);
            }
            Thread.sleep(20);
        }
    }

    /** Sends the stored shares after the cursor, up to {@code upTo}. */
    private void catchUp(Sink sink, long upTo) throws IOException {
        while (true) {
            int limit = (int) Math.min(PAGE, upTo - last);
            if (limit <= 0) {
                return;
            }
            List<PublishedShare> page = records.sharesAfter(last, limit);
            for (PublishedShare share : page) {
                if (share.sequence() > last && share.sequence() <= upTo) {
                    send(sink, share);
                }
            }
            if (page.size() < limit) {
                return;
            }
        }
    }

    private void send(Sink sink, PublishedShare share) throws IOException {
        sink.share(share);
        last = share.sequence();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not unsubscribe from live shares", e);
        }
    }
}
