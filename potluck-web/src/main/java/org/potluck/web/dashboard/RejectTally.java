package org.potluck.web.dashboard;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.potluck.core.Rejection;

/**
 * Rejected shares counted by the reason's metric label ({@link Rejection#metricLabel}): "job_not_found", "duplicate",
 * "low_difficulty", ... The pool's reject messages carry values (ntime, worker names), so they are not keys: keying by
 * them would grow without bound. The last message under each label is kept to show what happened.
 */
final class RejectTally {
    /** The label of a rejection that came without a reason; it is the label such shares always had. */
    static final String UNKNOWN_REASON = "other";

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> lastMessage = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void add(Rejection rejection, String message) {
        String label = rejection == null ? UNKNOWN_REASON : rejection.metricLabel();
        counts.computeIfAbsent(label, k -> new LongAdder()).increment();
        lastMessage.put(label, message == null ? "" : message);
        total.increment();
    }

    long total() {
        return total.sum();
    }

    /** Most frequent first. */
    List<Views.RejectCount> view() {
        return counts.entrySet().stream()
                .map(e ->
                        new Views.RejectCount(e.getKey(), e.getValue().sum(), lastMessage.getOrDefault(e.getKey(), "")))
                .sorted(Comparator.comparingLong(Views.RejectCount::count)
                        .reversed()
                        .thenComparing(Views.RejectCount::reason))
                .toList();
    }
}
