package org.potluck.web.dashboard;

import java.util.List;

/**
 * What {@link LiveStats} shows: immutable snapshots, sent as JSON to the dashboard and read by the metrics. Times are
 * epoch milliseconds (null when it never happened), hashrates hashes per second, difficulties share difficulty.
 */
public final class Views {
    private Views() {}

    /**
     * The pool at a glance.
     *
     * @param expectedSecondsToBlock network difficulty × 2^32 / pool hashrate (10 min); null while the pool has no hashrate
     * @param height                 the height of the block being mined
     */
    public record PoolSummary(
            long now,
            long startedAt,
            double hashrate10m,
            double hashrate1h,
            double hashrate24h,
            long accepted,
            double acceptedDifficulty,
            long rejected,
            List<RejectCount> rejects,
            int sessions,
            int workers,
            int miners,
            long blocksFound,
            Long lastBlockAt,
            double networkDifficulty,
            int height,
            long coinbaseValue,
            Double expectedSecondsToBlock,
            boolean nodeUp,
            String nodeDetail,
            Long lastWorkAt,
            double bestRound,
            double bestAllTime,
            String roundResets) {}

    /** One kind of rejection ({@code reason} is its metric label, see {@code Rejection.metricLabel}) and its latest message. */
    public record RejectCount(String reason, long count, String lastMessage) {}

    public record WorkerView(
            String address,
            String worker,
            String userAgent,
            int connections,
            double hashrate10m,
            double hashrate1h,
            long accepted,
            long rejected,
            List<RejectCount> rejects,
            Long lastShareAt,
            double bestRound,
            double bestAllTime,
            long blocks) {}

    /** A payout address with all its workers and, for its page, a one-hour chart (1-minute buckets). */
    public record MinerView(
            String address,
            int connections,
            double hashrate10m,
            double hashrate1h,
            long accepted,
            long rejected,
            List<RejectCount> rejects,
            Long lastShareAt,
            double bestRound,
            double bestAllTime,
            long blocks,
            List<WorkerView> workers,
            List<ChartPoint> chart) {}

    /** Hashes per second in the bucket that starts at {@code time}. */
    public record ChartPoint(long time, double hashrate) {}

    /** @param name "address.worker" for a worker, the address for a miner */
    public record Leader(String name, String address, double difficulty) {}

    public record Leaderboards(
            List<Leader> workersRound,
            List<Leader> workersAllTime,
            List<Leader> addressesRound,
            List<Leader> addressesAllTime) {}

    /** @param outcome the node's verdict (ACCEPTED, DUPLICATE, INCONCLUSIVE, REJECTED) */
    /** @param status what became of it: "pending", "in_chain", "confirmed", "orphaned" or "rejected" */
    public record FoundBlock(
            int height,
            String hash,
            String address,
            String worker,
            long time,
            String outcome,
            boolean accepted,
            String status) {
        FoundBlock withStatus(String newStatus) {
            return new FoundBlock(height, hash, address, worker, time, outcome, accepted, newStatus);
        }
    }
}
