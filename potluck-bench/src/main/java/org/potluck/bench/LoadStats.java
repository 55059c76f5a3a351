package org.potluck.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one event loop saw; each loop owns one, and copies are merged for a report (so nothing here is shared). */
final class LoadStats {
    private static final int MAX_REASONS = 12;
    /** Block changes a run can tell apart for the stale count; later ones are counted with the last. */
    static final int MAX_BLOCK_EPOCHS = 64;

    final LatencyHistogram submitLatency = new LatencyHistogram();
    final LatencyHistogram fanout = new LatencyHistogram();
    final LatencyBySecond bySecond = new LatencyBySecond();
    /** Open loop: shares the pacer asked for, whether they went out or not. */
    long offered;

    long submitted;
    /** Open loop: shares not sent because the socket would not take them (load side blocked). */
    long blocked;

    long answered;
    /** Answers to submits older than the miner's ring of send times: counted, their latency unknown. */
    long untimed;

    long accepted;
    long rejected;
    long stale;
    /** Answers and stale rejects between one block change and the next (epoch 0: before the first). */
    final long[] answeredByEpoch = new long[MAX_BLOCK_EPOCHS];

    final long[] staleByEpoch = new long[MAX_BLOCK_EPOCHS];
    final Map<String, Long> rejectReasons = new LinkedHashMap<>();

    void answeredIn(int epoch) {
        answered++;
        answeredByEpoch[Math.min(epoch, MAX_BLOCK_EPOCHS - 1)]++;
    }

    void reject(String reason, boolean isStale, int epoch) {
        rejected++;
        String key = rejectReasons.containsKey(reason) || rejectReasons.size() < MAX_REASONS ? reason : "(other)";
        rejectReasons.merge(key, 1L, Long::sum);
        if (isStale) {
            stale++;
            staleByEpoch[Math.min(epoch, MAX_BLOCK_EPOCHS - 1)]++;
        }
    }

    void resetShares() {
        submitLatency.reset();
        bySecond.reset();
        offered = 0;
        submitted = 0;
        blocked = 0;
        answered = 0;
        untimed = 0;
        accepted = 0;
        rejected = 0;
        stale = 0;
        Arrays.fill(answeredByEpoch, 0);
        Arrays.fill(staleByEpoch, 0);
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
        bySecond.add(o.bySecond);
        offered += o.offered;
        submitted += o.submitted;
        blocked += o.blocked;
        answered += o.answered;
        untimed += o.untimed;
        accepted += o.accepted;
        rejected += o.rejected;
        stale += o.stale;
        for (int i = 0; i < MAX_BLOCK_EPOCHS; i++) {
            answeredByEpoch[i] += o.answeredByEpoch[i];
            staleByEpoch[i] += o.staleByEpoch[i];
        }
        o.rejectReasons.forEach((k, v) -> rejectReasons.merge(k, v, Long::sum));
    }
}
