package org.potluck.web.dashboard;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.potluck.stratum.StratumError;

/**
 * Rejected shares counted by Stratum error kind. The pool's reject messages carry values (ntime, worker names), so they
 * are not keys: keying by them would grow without bound. The last message of each kind is kept to show what happened.
 */
final class RejectTally {
    private final ConcurrentHashMap<StratumError, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StratumError, String> lastMessage = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void add(StratumError error, String message) {
        StratumError kind = error == null ? StratumError.OTHER : error;
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        lastMessage.put(kind, message == null ? "" : message);
        total.increment();
    }

    long total() {
        return total.sum();
    }

    /** Most frequent first. */
    List<Views.RejectCount> view() {
        return counts.entrySet().stream()
                .map(e -> new Views.RejectCount(reasonName(e.getKey()), e.getValue().sum(), lastMessage.getOrDefault(e.getKey(), "")))
                .sorted(Comparator.comparingLong(Views.RejectCount::count).reversed().thenComparing(Views.RejectCount::reason))
                .toList();
    }

    /** The label a reject kind is shown and exported under: "job_not_found", "duplicate", "low_difficulty", ... */
    static String reasonName(StratumError error) {
        return error.name().toLowerCase(Locale.ROOT);
    }
}
