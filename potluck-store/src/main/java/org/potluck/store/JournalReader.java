package org.potluck.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A cursor over the durable records of a journal that remembers its file and offset, so that reading on from where
 * it stopped (as the copier does every few hundred milliseconds) costs only the new records. Job records have no
 * sequence of their own: each is held until the share after it and delivered just before that share, so a reader
 * that starts after a sequence gets the job records that follow that share and none before it.
 */
final class JournalReader implements Closeable {
    private final ShareJournal journal;
    private long nextSequence;
    private SegmentReader segment;
    private long segmentFirst;
    /** The sequence of the next record in the open segment: where skipping forward inside it would start. */
    private long segmentNext;
    /** Records decoded, including those passed over on the way to the starting point (what a start costs). */
    private long decoded;
    /** Job records read since the last share, delivered before the next share (dropped if that one is skipped). */
    private final List<JobRecord> heldJobs = new ArrayList<>();

    JournalReader(ShareJournal journal, long afterSequence) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("afterSequence must not be negative, got " + afterSequence);
        }
        this.journal = journal;
        this.nextSequence = afterSequence + 1;
    }

    /**
     * Delivers up to {@code max} records in order, stopping at the last durable one.
     *
     * @return how many were delivered
     */
    int read(int max, Consumer<AcceptedShare> consumer) throws IOException {
        return read(max, job -> {}, consumer);
    }

    /**
     * Delivers up to {@code max} shares in order, stopping at the last durable one, and before each share the job
     * records the journal holds just before it.
     *
     * @return how many shares were delivered
     */
    int read(int max, Consumer<JobRecord> jobs, Consumer<AcceptedShare> consumer) throws IOException {
        long durable = journal.lastSequence();
        int delivered = 0;
        while (delivered < max && nextSequence <= durable) {
            Path next = journal.segments().get(nextSequence);
            if (segment == null || (next != null && segmentFirst != nextSequence)) {
                openSegmentHolding(nextSequence);
            }
            switch (segment.next()) {
                case SegmentReader.Record r -> {
                    long sequence = r.share().sequence();
                    decoded++;
                    segmentNext = sequence + 1;
                    if (sequence < nextSequence && sequence >= segmentFirst) {
                        heldJobs.clear(); // they belong to a share before the starting point
                        continue; // skipping to the starting point inside the first segment
                    }
                    if (sequence != nextSequence) {
                        throw new JournalCorruptedException(
                                segment.file(),
                                r.start(),
                                "expected sequence " + nextSequence + " but found " + sequence);
                    }
                    heldJobs.forEach(jobs);
                    heldJobs.clear();
                    consumer.accept(r.share());
                    nextSequence++;
                    delivered++;
                }
                case SegmentReader.JobEntry j -> heldJobs.add(j.job());
                case SegmentReader.End e -> {
                    Long following = journal.segments().higherKey(segmentFirst);
                    if (following == null || following <= nextSequence || !journal.followsGap(following)) {
                        throw new JournalCorruptedException(
                                segment.file(),
                                e.position(),
                                "the segment ends before sequence " + nextSequence
                                        + ", which the journal reports durable");
                    }
                    // A recorded gap: those sequences are in the database only.
                    nextSequence = following;
                    openSegmentHolding(following);
                }
                case SegmentReader.Bad b ->
                    throw new JournalCorruptedException(segment.file(), b.position(), b.reason());
            }
        }
        return delivered;
    }

    /** The sequence the next {@link #read} starts at. */
    long nextSequence() {
        return nextSequence;
    }

    /**
     * Moves on so that the next read starts after {@code afterSequence}: a reader whose records were meanwhile handed
     * out another way (the live hand-off of a {@link ShareLogCursor}) resumes behind them.
     */
    void skipTo(long afterSequence) throws IOException {
        long wanted = afterSequence + 1;
        if (wanted == nextSequence) {
            return;
        }
        if (wanted < nextSequence) {
            throw new IllegalArgumentException(
                    "a journal reader only moves forward: at " + nextSequence + ", asked for " + wanted);
        }
        nextSequence = wanted;
        Long holding = journal.segments().floorKey(wanted);
        Map.Entry<Long, Long> seek = journal.seekPointAtOrBefore(wanted);
        if ((holding != null && holding != segmentFirst) || (seek != null && seek.getKey() > segmentNext)) {
            // Another segment, or a seek point ahead of this reader: the next read opens the file there. Otherwise read
            // passes over the few records before the wanted one.
            close();
        }
    }

    long decoded() {
        return decoded;
    }

    private void openSegmentHolding(long sequence) throws IOException {
        close();
        heldJobs.clear(); // a segment holds the job records of its own shares
        Map.Entry<Long, Path> entry = journal.segments().floorEntry(sequence);
        if (entry == null) {
            // Older segments were cleaned up: start at the oldest one left.
            entry = journal.segments().firstEntry();
            nextSequence = entry.getKey();
        }
        segmentFirst = entry.getKey();
        segmentNext = segmentFirst;
        long offset = 0;
        Map.Entry<Long, Long> seek = journal.seekPointAtOrBefore(nextSequence);
        if (seek != null && seek.getKey() > segmentFirst) {
            segmentNext = seek.getKey();
            offset = seek.getValue();
        }
        segment = new SegmentReader(entry.getValue(), offset);
    }

    @Override
    public void close() throws IOException {
        if (segment != null) {
            segment.close();
            segment = null;
        }
    }
}
