package org.potluck.web.dashboard;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.potluck.core.Rejection;
import org.potluck.core.WorkTemplate;
import org.potluck.node.SubmitResult;
import org.potluck.pool.LoginRefusal;
import org.potluck.pool.PoolListener;
import org.potluck.store.AcceptedShare;

/**
 * The pool's live numbers, kept in memory from its events: hashrates, shares, best difficulties, connections, blocks and
 * the node's state, for the dashboard and the metrics. {@link #shareAccepted} runs for every share, so it only adds to
 * counters and buckets; everything costly happens when a snapshot is asked for.
 *
 * <p>Hashrate is accepted share difficulty × 2^32 per second. Charts keep 1 hour in 1-minute buckets, 24 hours in
 * 10-minute buckets and 7 days in 1-hour buckets. Per worker and per address, one hour in 1-minute buckets.
 */
public final class LiveStats implements PoolListener {
    static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final int RECENT_BLOCKS = 50;

    /** When "best share this round" starts again from zero. */
    public enum RoundReset {
        /** When the pool finds a block the node accepts: a round is the pool's work between its blocks. */
        POOL_BLOCK,
        /** On every new block on the network (the best share of each block height). */
        NETWORK_BLOCK
    }

    /** A chart's span and resolution. */
    public enum Range {
        HOUR("1h"),
        DAY("24h"),
        WEEK("7d");

        private final String label;

        Range(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Range parse(String label) {
            for (Range r : values()) {
                if (r.label.equals(label)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("chart range must be one of 1h, 24h, 7d, got \"" + label + "\"");
        }
    }

    private record NodeState(boolean up, String detail) {}

    private final Clock clock;
    private final RoundReset roundReset;
    private final long startedAt;
    private final RollingSeries hour = new RollingSeries(MINUTE, 60);
    private final RollingSeries day = new RollingSeries(10 * MINUTE, 144);
    private final RollingSeries week = new RollingSeries(HOUR, 168);
    private final LongAdder accepted = new LongAdder();
    private final DoubleAdder acceptedDifficulty = new DoubleAdder();
    private final RejectTally rejects = new RejectTally();
    /** Refused logins, apart from the rejected shares: no share was submitted. */
    private final Map<LoginRefusal, LongAdder> loginsRefused = new ConcurrentHashMap<>();

    private final RoundBest bestRound = new RoundBest();
    private final DoubleAccumulator bestEver = new DoubleAccumulator(Math::max, 0);
    private final AtomicInteger sessions = new AtomicInteger();
    private final Map<String, Tally> workers = new ConcurrentHashMap<>();
    private final Map<String, Tally> addresses = new ConcurrentHashMap<>();
    private final Map<SubmitResult.Outcome, LongAdder> blocksByOutcome = new ConcurrentHashMap<>();
    private final LongAdder blocksAccepted = new LongAdder();
    private final ArrayDeque<Views.FoundBlock> recentBlocks = new ArrayDeque<>();
    private volatile long round;
    private volatile long lastBlockMillis = -1;
    private volatile long lastWorkMillis = -1;
    private volatile double networkDifficulty;
    private volatile int height;
    private volatile long coinbaseValue;
    private volatile NodeState node = new NodeState(false, "no contact with the node yet");

    public LiveStats(Clock clock, RoundReset roundReset) {
        this.clock = clock;
        this.roundReset = roundReset;
        this.startedAt = clock.millis();
    }

    public LiveStats() {
        this(Clock.systemUTC(), RoundReset.POOL_BLOCK);
    }

    // ---- events ----

    @Override
    public void minerConnected(String remote) {
        sessions.incrementAndGet();
    }

    @Override
    public void minerAuthorized(String user, String userAgent, String remote, double difficulty) {
        WorkerId id = WorkerId.parse(user);
        Tally worker = workers.computeIfAbsent(id.key(), k -> new Tally());
        worker.connections.incrementAndGet();
        worker.userAgent = userAgent == null ? "" : userAgent;
        addresses.computeIfAbsent(id.address(), k -> new Tally()).connections.incrementAndGet();
    }

    @Override
    public void minerDisconnected(String user, String remote) {
        sessions.updateAndGet(n -> Math.max(0, n - 1));
        if (user == null) {
            return;
        }
        WorkerId id = WorkerId.parse(user);
        Optional.ofNullable(workers.get(id.key())).ifPresent(Tally::disconnected);
        Optional.ofNullable(addresses.get(id.address())).ifPresent(Tally::disconnected);
    }

    @Override
    public void loginRefused(String remote, String user, LoginRefusal reason, String detail) {
        loginsRefused.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void shareAccepted(AcceptedShare share) {
        long now = clock.millis();
        double d = share.difficulty();
        hour.add(now, d);
        day.add(now, d);
        week.add(now, d);
        accepted.increment();
        acceptedDifficulty.add(d);
        long r = round;
        bestRound.offer(r, share.hashDifficulty());
        bestEver.accumulate(share.hashDifficulty());
        WorkerId id = new WorkerId(share.address(), share.worker() == null ? WorkerId.DEFAULT_WORKER : share.worker());
        tally(workers, id.key()).accepted(now, r, d, share.hashDifficulty());
        tally(addresses, id.address()).accepted(now, r, d, share.hashDifficulty());
    }

    @Override
    public void shareRejected(String user, Rejection rejection, String reason) {
        rejects.add(rejection, reason);
        if (user == null) {
            return;
        }
        // Only workers already known (authorized or with shares): a stranger's garbage must not create entries.
        WorkerId id = WorkerId.parse(user);
        Optional.ofNullable(workers.get(id.key())).ifPresent(t -> t.rejects.add(rejection, reason));
        Optional.ofNullable(addresses.get(id.address())).ifPresent(t -> t.rejects.add(rejection, reason));
    }

    /** The block list shows what became of each block (in the best chain, orphaned) as the pool learns it. */
    @Override
    public void blockStatusChanged(String blockHash, int height, String status) {
        synchronized (recentBlocks) {
            List<Views.FoundBlock> updated = new ArrayList<>(recentBlocks.size());
            for (Views.FoundBlock b : recentBlocks) {
                updated.add(b.hash().equals(blockHash) ? b.withStatus(status) : b);
            }
            recentBlocks.clear();
            recentBlocks.addAll(updated);
        }
    }

    @Override
    public void blockFound(BlockFound block, SubmitResult result) {
        long now = clock.millis();
        blocksByOutcome.computeIfAbsent(result.outcome(), k -> new LongAdder()).increment();
        synchronized (recentBlocks) {
            recentBlocks.addFirst(new Views.FoundBlock(
                    block.height(),
                    block.blockHash(),
                    block.address(),
                    block.worker(),
                    now,
                    result.outcome().name(),
                    result.accepted(),
                    result.accepted() ? "pending" : "rejected"));
            while (recentBlocks.size() > RECENT_BLOCKS) {
                recentBlocks.removeLast();
            }
        }
        if (!result.accepted()) {
            return;
        }
        blocksAccepted.increment();
        lastBlockMillis = now;
        WorkerId id = new WorkerId(block.address(), block.worker() == null ? WorkerId.DEFAULT_WORKER : block.worker());
        tally(workers, id.key()).blocks.increment();
        tally(addresses, id.address()).blocks.increment();
        if (roundReset == RoundReset.POOL_BLOCK) {
            round++;
        }
    }

    @Override
    public void newWork(WorkTemplate template, boolean newBlock) {
        networkDifficulty = template.networkDifficulty();
        height = template.height();
        coinbaseValue = template.coinbaseValue();
        lastWorkMillis = clock.millis();
        if (!node.up()) {
            node = new NodeState(true, "templates arriving");
        }
        if (newBlock && roundReset == RoundReset.NETWORK_BLOCK) {
            round++;
        }
    }

    @Override
    public void nodeDown(String reason) {
        node = new NodeState(false, reason == null ? "down" : reason);
    }

    @Override
    public void nodeUp(String name) {
        node = new NodeState(true, name == null ? "up" : name);
    }

    // ---- snapshots ----

    public Views.PoolSummary pool() {
        long now = clock.millis();
        double h10 = hour.hashrate(now, 10 * MINUTE, startedAt);
        Double expected =
                h10 > 0 && networkDifficulty > 0 ? networkDifficulty * RollingSeries.HASHES_PER_DIFFICULTY / h10 : null;
        int connectedWorkers = (int)
                workers.values().stream().filter(t -> t.connections.get() > 0).count();
        int connectedMiners = (int)
                addresses.values().stream().filter(t -> t.connections.get() > 0).count();
        NodeState n = node;
        long r = round;
        return new Views.PoolSummary(
                now,
                startedAt,
                h10,
                hour.hashrate(now, HOUR, startedAt),
                day.hashrate(now, 24 * HOUR, startedAt),
                accepted.sum(),
                acceptedDifficulty.sum(),
                rejects.total(),
                rejects.view(),
                sessions.get(),
                connectedWorkers,
                connectedMiners,
                blocksAccepted.sum(),
                orNull(lastBlockMillis),
                networkDifficulty,
                height,
                coinbaseValue,
                expected,
                n.up(),
                n.detail(),
                orNull(lastWorkMillis),
                bestRound.in(r),
                bestEver.get(),
                roundReset.name());
    }

    public List<Views.ChartPoint> chart(Range range) {
        long now = clock.millis();
        return switch (range) {
            case HOUR -> hour.points(now, startedAt);
            case DAY -> day.points(now, startedAt);
            case WEEK -> week.points(now, startedAt);
        };
    }

    /** Every worker seen since the start, busiest first. */
    public List<Views.WorkerView> workers() {
        long now = clock.millis();
        long r = round;
        return workers.entrySet().stream()
                .map(e -> workerView(WorkerId.parse(e.getKey()), e.getValue(), now, r))
                .sorted(Comparator.comparingDouble(Views.WorkerView::hashrate10m)
                        .reversed()
                        .thenComparing(Views.WorkerView::address)
                        .thenComparing(Views.WorkerView::worker))
                .toList();
    }

    /** A payout address's numbers and workers, if it has connected or sent a share since the start. */
    public Optional<Views.MinerView> miner(String address) {
        Tally t = addresses.get(address);
        if (t == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        long r = round;
        String prefix = address + ".";
        List<Views.WorkerView> own = workers.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> workerView(WorkerId.parse(e.getKey()), e.getValue(), now, r))
                .sorted(Comparator.comparing(Views.WorkerView::worker))
                .toList();
        return Optional.of(new Views.MinerView(
                address,
                t.connections.get(),
                t.hashes.hashrate(now, 10 * MINUTE, startedAt),
                t.hashes.hashrate(now, HOUR, startedAt),
                t.accepted.sum(),
                t.rejects.total(),
                t.rejects.view(),
                t.lastShare(),
                t.bestRound.in(r),
                t.bestEver.get(),
                t.blocks.sum(),
                own,
                t.hashes.points(now, startedAt)));
    }

    /** The {@code top} best share difficulties, this round and all time, by worker and by address (zeros left out). */
    public Views.Leaderboards leaderboards(int top) {
        long r = round;
        return new Views.Leaderboards(
                leaders(workers, t -> t.bestRound.in(r), top, true), leaders(workers, t -> t.bestEver.get(), top, true),
                leaders(addresses, t -> t.bestRound.in(r), top, false),
                        leaders(addresses, t -> t.bestEver.get(), top, false));
    }

    /** The pool's latest block candidates, newest first (at most 50 are kept). */
    public List<Views.FoundBlock> recentBlocks() {
        synchronized (recentBlocks) {
            return new ArrayList<>(recentBlocks);
        }
    }

    /** Block candidates by the node's verdict. */
    /** Refused {@code mining.authorize} attempts by reason; they are not in the rejected shares. */
    public Map<LoginRefusal, Long> loginsRefused() {
        Map<LoginRefusal, Long> out = new java.util.EnumMap<>(LoginRefusal.class);
        loginsRefused.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<SubmitResult.Outcome, Long> blocksByOutcome() {
        Map<SubmitResult.Outcome, Long> out = new java.util.EnumMap<>(SubmitResult.Outcome.class);
        blocksByOutcome.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Clock clock() {
        return clock;
    }

    private Views.WorkerView workerView(WorkerId id, Tally t, long now, long r) {
        return new Views.WorkerView(
                id.address(),
                id.worker(),
                t.userAgent,
                t.connections.get(),
                t.hashes.hashrate(now, 10 * MINUTE, startedAt),
                t.hashes.hashrate(now, HOUR, startedAt),
                t.accepted.sum(),
                t.rejects.total(),
                t.rejects.view(),
                t.lastShare(),
                t.bestRound.in(r),
                t.bestEver.get(),
                t.blocks.sum());
    }

    private static List<Views.Leader> leaders(
            Map<String, Tally> tallies, ToDoubleFunction<Tally> best, int top, boolean byWorker) {
        return tallies.entrySet().stream()
                .map(e -> new Views.Leader(
                        e.getKey(),
                        byWorker ? WorkerId.parse(e.getKey()).address() : e.getKey(),
                        best.applyAsDouble(e.getValue())))
                .filter(l -> l.difficulty() > 0)
                .sorted(Comparator.comparingDouble(Views.Leader::difficulty)
                        .reversed()
                        .thenComparing(Views.Leader::name))
                .limit(top)
                .toList();
    }

    private static Tally tally(Map<String, Tally> map, String key) {
        Tally t = map.get(key);
        return t != null ? t : map.computeIfAbsent(key, k -> new Tally());
    }

    private static Long orNull(long millis) {
        return millis < 0 ? null : millis;
    }
}
