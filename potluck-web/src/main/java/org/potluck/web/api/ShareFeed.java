package org.potluck.web.api;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.potluck.accounting.published.PublishedShare;

/**
 * One subscriber's view of the share stream: first the stored shares after its cursor, then the pool's ordered share
 * log from the last one sent, each sequence exactly once and in order.
 *
 * <p>The seam: the stored shares are read page by page until the store has no more, then the share log is followed
 * from the last sequence sent. The log holds every share the store has not copied yet (the store is copied from it),
 * so nothing waits for the store and nothing is sent twice. Should the log pass over shares it does not hold (a gap
 * the pool's journal recorded: those shares are in the store only), they are read from the store; one that is in
 * neither ends the feed with an error, and the client resumes from its cursor. A subscriber too slow for its share of
 * memory ({@link #QUEUE_CAPACITY}) is not dropped: its place in the log reads on from the log's files.
 */
final class ShareFeed implements AutoCloseable {
    /** Where shares go; a failure (the client left) ends the feed. */
    interface Sink {
        void share(PublishedShare share) throws IOException;

        /** Called when nothing was sent for a while, so that a dead connection is noticed and proxies keep it open. */
        void idle() throws IOException;
    }

    static final int PAGE = 500;
    /** Live shares held for one subscriber; beyond this its place in the log reads the log's files instead. */
    static final int QUEUE_CAPACITY = 1_000;

    static final Duration IDLE = Duration.ofSeconds(15);

    private final PublicRecords records;
    private volatile PublicRecords.LiveShares live;
    private boolean closed;
    private long last;

    ShareFeed(PublicRecords records, long after) {
        this.records = records;
        this.last = after;
    }

    /** Live shares waiting to be sent: at most {@link #QUEUE_CAPACITY}. */
    int queued() {
        PublicRecords.LiveShares following = live;
        return following == null ? 0 : following.queued();
    }

    /** Sends until {@code open} turns false or the sink fails; blocks the calling (virtual) thread. */
    void pump(Sink sink, BooleanSupplier open) throws IOException, InterruptedException {
        sendStored(sink, Long.MAX_VALUE);
        PublicRecords.LiveShares following = follow();
        while (open.getAsBoolean()) {
            List<PublishedShare> shares = following.next(IDLE);
            if (shares.isEmpty()) {
                sink.idle();
                continue;
            }
            for (PublishedShare share : shares) {
                if (share.sequence() <= last) {
                    continue;
                }
                if (share.sequence() > last + 1) {
                    sendStored(sink, share.sequence() - 1);
                    if (last != share.sequence() - 1) {
                        throw new IOException("share " + (last + 1) + " is neither in the share log nor in the store; "
                                + "resume from " + last);
                    }
                }
                send(sink, share);
            }
        }
    }

    private synchronized PublicRecords.LiveShares follow() throws IOException {
        if (closed) {
            throw new IOException("share feed closed");
        }
        live = records.followShares(last, QUEUE_CAPACITY);
        return live;
    }

    /** Sends the stored shares after the cursor, up to {@code upTo}. */
    private void sendStored(Sink sink, long upTo) throws IOException {
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
    public synchronized void close() {
        closed = true;
        if (live != null) {
            live.close();
        }
    }
}
