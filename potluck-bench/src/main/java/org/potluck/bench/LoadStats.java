package org.potluck.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one event loop saw; each loop owns one, and copies are merged for a report (so nothing here is shared). */
final class LoadStats {
    private static final int MAX_REASONS = 12;
    final LatencyHistogram submitLatency = new LatencyHistogram();
    final LatencyHistogram fanout = new LatencyHistogram();
    long submitted;
    long answered;
    long accepted;
    long rejected;
    final Map<String, Long> rejectReasons = new LinkedHashMap<>();

    void reject(String reason) {
        rejected++;
        String key = rejectReasons.containsKey(reason) || rejectReasons.size() < MAX_REASONS ? reason : "(other)";
        rejectReasons.merge(key, 1L, Long::sum);
    }

    void resetShares() {
        submitLatency.reset();
        submitted = 0;
        answered = 0;
        accepted = 0;
        rejected = 0;
        rejectReasons.clear();
    }

    LoadStats copy() {
        LoadStats c = new LoadStats();
        c.add(this);
        return c;
    }

    void add(LoadStats o) {
        submitLatency.add(o.submitLatency);
        fanout.add(o.fanout);
        submitted += o.submitted;
        answered += o.answered;
        accepted += o.accepted;
        rejected += o.rejected;
        o.rejectReasons.forEach((k, v) -> rejectReasons.merge(k, v, Long::sum));
    }
}
