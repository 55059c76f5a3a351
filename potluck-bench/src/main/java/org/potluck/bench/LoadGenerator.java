package org.potluck.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N simulated Stratum v1 miners over real TCP against any pool at host:port. It depends on nothing of Potluck's: the
 * same load runs against ckpool. Client sockets are spread over several loopback source addresses (127.0.0.2, ...)
 * so that ephemeral ports never run out.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
    /** Connects allowed in flight at once: a burst of 15,000 SYNs would overflow the pool's accept backlog. */
    private static final int CONNECTS_IN_FLIGHT = 512;
    /**
     * What a miner's socket may hold in Netty beyond the kernel's send buffer before an open-loop share counts as not
     * sent (load side blocked): about a hundred submits. Unbounded queueing here would hide the pool's overload in the
     * generator's memory instead of showing it.
     */
    static final WriteBufferWaterMark OPEN_LOOP_WATER_MARK = new WriteBufferWaterMark(8 * 1024, 16 * 1024);

    private static final long PACER_TICK_MICROS = 1000;

    public enum Mode {
        STEADY,
        FLOOD,
        /** A fixed total rate, sent whether or not answers come back. */
        OPEN
    }

    /**
     * @param sharesPerMinerPerSecond steady mode: each miner's submit rate
     * @param floodWindow             flood mode: submits each miner keeps unanswered (a new one goes out with each answer)
     * @param offeredPerSecond        open mode: shares per second offered across all miners
     * @param user                    the authorize name; ".N" (the miner's number) is appended as the worker name
     * @param sourceAddresses         how many loopback source addresses (127.0.0.2 upwards) to spread sockets over
     */
    public record Plan(
            String host,
            int port,
            int miners,
            Mode mode,
            double sharesPerMinerPerSecond,
            int floodWindow,
            double offeredPerSecond,
            String user,
            int sourceAddresses,
            int threads) {
        public Plan {
            Objects.requireNonNull(host, "host");
            if (miners < 1) {
                throw new IllegalArgumentException("miners must be at least 1, got " + miners);
            }
            if (mode == Mode.STEADY && !(sharesPerMinerPerSecond > 0)) {
                throw new IllegalArgumentException(
                        "steady mode needs a rate above 0 shares/s per miner, got " + sharesPerMinerPerSecond);
            }
            if (mode == Mode.FLOOD && (floodWindow < 1 || floodWindow > 1000)) {
                throw new IllegalArgumentException(
                        "flood window must be 1..1000 submits per miner, got " + floodWindow);
            }
            if (mode == Mode.OPEN && !(offeredPerSecond > 0 && offeredPerSecond <= 10_000_000)) {
                throw new IllegalArgumentException(
                        "open mode needs an offered rate of 0..10,000,000 shares/s, got " + offeredPerSecond);
            }
            if (sourceAddresses < 1 || sourceAddresses > 250) {
                throw new IllegalArgumentException("source addresses must be 1..250, got " + sourceAddresses);
            }
        }
    }

    public record ConnectReport(
            int ready, int failed, Duration allConnected, Duration allReady, List<String> problems) {}

    /**
     * @param offered    shares the open-loop pacer asked for (in the other modes: the submits sent)
     * @param submitted  shares written to the sockets
     * @param blocked    open loop: shares not sent because the socket would not take them (load side blocked)
     * @param unanswered submits still without an answer a second after the load stopped
     * @param untimed    answers whose send time was no longer kept (counted, not in the percentiles)
     * @param stale      refusals saying the job is gone (see {@link SimulatedMiner#isStale})
     * @param byBlock    answers and stale refusals between block changes: the first entry before the first change
     * @param bySecond   submit latency per second since the origin given to {@link #latencyBySecondFrom}, if any
     */
    public record ShareReport(
            Duration elapsed,
            long offered,
            long submitted,
            long blocked,
            long answered,
            long accepted,
            long rejected,
            long unanswered,
            long untimed,
            double offeredPerSecond,
            double submittedPerSecond,
            double answeredPerSecond,
            double p50Millis,
            double p99Millis,
            double maxMillis,
            Map<String, Long> rejectReasons,
            long stale,
            List<BlockStale> byBlock,
            List<LatencyBySecond.Second> bySecond,
            int disconnected) {
        /** Stale refusals as a percentage of the answers (NaN without answers). */
        public double stalePercent() {
            return answered == 0 ? Double.NaN : 100.0 * stale / answered;
        }
    }

    /** Between one block change and the next (0: before the first): answers, and refusals for a gone job. */
    public record BlockStale(int block, long answered, long stale) {
        public double stalePercent() {
            return answered == 0 ? Double.NaN : 100.0 * stale / answered;
        }
    }

    public record FanoutReport(int miners, int received, double p50Millis, double p99Millis, double maxMillis) {}

    private final Plan plan;
    private final BenchTransport transport = BenchTransport.best();
    private final EventLoopGroup group;
    private final List<SimulatedMiner> miners = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final Map<Thread, LoadStats> statsByThread = new ConcurrentHashMap<>();
    private final ThreadLocal<LoadStats> stats = ThreadLocal.withInitial(() -> {
        LoadStats s = new LoadStats();
        statsByThread.put(Thread.currentThread(), s);
        return s;
    });
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicLong lastReadyNanos = new AtomicLong();
    private final AtomicInteger disconnected = new AtomicInteger();
    private final AtomicInteger fanoutReceived = new AtomicInteger();
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean submitting;
    private volatile boolean flooding;
    private volatile String expectedPrevHash;
    private volatile long announcedNanos;
    private volatile int blockEpoch;
    private volatile long bySecondOrigin; // 0: no per-second latencies
    private final AtomicLong firstAcceptedNanos = new AtomicLong();
    private final List<java.util.concurrent.ScheduledFuture<?>> pacers = new ArrayList<>();

    public LoadGenerator(Plan plan) {
        this.plan = plan;
        this.group = new MultiThreadIoEventLoopGroup(plan.threads(), transport.ioHandlers());
        log.debug("load generator uses the {} transport", transport.name());
    }

    /** Opens every connection (subscribe + authorize) and waits until each miner holds a job, or the timeout. */
    public ConnectReport connectAll(Duration timeout) throws InterruptedException {
        var bootstrap = transport.sourceBound(new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, OPEN_LOOP_WATER_MARK));
        var remote = new InetSocketAddress(plan.host(), plan.port());
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastConnected = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = 0; i < plan.miners(); i++) {
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            var miner = new SimulatedMiner(this, plan.user() + "." + i, ringSize());
            miners.add(miner);
            var local = new InetSocketAddress("127.0.0." + (2 + i % plan.sourceAddresses()), 0);
            ChannelFuture f = bootstrap
                    .clone()
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(1 << 20), miner);
                        }
                    })
                    .connect(remote, local);
            channels.add(f.channel());
            f.addListener(done -> {
                inFlight.release();
                if (done.isSuccess()) {
                    lastConnected.accumulateAndGet(System.nanoTime(), Math::max);
                } else if (failed.incrementAndGet() <= 5) {
                    problems.add("connect failed: " + done.cause());
                }
            });
        }
        while (ready.get() + failed.get() + disconnected.get() < plan.miners() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long connectedAt = lastConnected.get() == 0 ? System.nanoTime() : lastConnected.get();
        long readyAt = ready.get() == plan.miners() ? lastReadyNanos.get() : System.nanoTime();
        return new ConnectReport(
                ready.get(),
                plan.miners() - ready.get(),
                Duration.ofNanos(connectedAt - start),
                Duration.ofNanos(readyAt - start),
                List.copyOf(problems));
    }

    private long runStart;
    private int disconnectedAtStart;

    /**
     * Send times each miner keeps. An open-loop miner has no cap on unanswered submits, so its ring covers about 20 s
     * of its own rate (answers later than that are counted without a latency); the other modes cap what a miner has
     * unanswered at the ring.
     */
    private int ringSize() {
        if (plan.mode() != Mode.OPEN) {
            return SimulatedMiner.RING;
        }
        double perMiner = plan.offeredPerSecond() / plan.miners();
        long wanted = (long) Math.min(1 << 16, Math.max(SimulatedMiner.RING, perMiner * 20));
        return Integer.highestOneBit((int) wanted - 1) << 1;
    }

    /**
     * Every miner starts submitting. Steady: each at its rate; flood: a window each, refilled with every answer; open:
     * one pacer per event loop offers that loop's part of the total rate to its miners in turn.
     */
    public void startSubmitting() {
        forEachLoop(LoadStats::resetShares);
        disconnectedAtStart = disconnected.get();
        blockEpoch = 0;
        flooding = plan.mode() == Mode.FLOOD;
        submitting = true;
        runStart = System.nanoTime();
        if (plan.mode() == Mode.OPEN) {
            startPacers();
            return;
        }
        long period = (long) (1e9 / Math.max(1e-9, plan.sharesPerMinerPerSecond()));
        for (int i = 0; i < miners.size(); i++) {
            SimulatedMiner m = miners.get(i);
            Channel ch = channels.get(i);
            if (ch.isActive()) {
                ch.eventLoop().execute(() -> m.startSubmitting(period, flooding ? plan.floodWindow() : 0));
            }
        }
    }

    private void startPacers() {
        Map<io.netty.channel.EventLoop, List<SimulatedMiner>> byLoop = new java.util.LinkedHashMap<>();
        int active = 0;
        for (int i = 0; i < miners.size(); i++) {
            Channel ch = channels.get(i);
            if (ch.isActive()) {
                byLoop.computeIfAbsent(ch.eventLoop(), l -> new ArrayList<>()).add(miners.get(i));
                active++;
            }
        }
        long start = System.nanoTime();
        for (var loop : byLoop.entrySet()) {
            double share = plan.offeredPerSecond() * loop.getValue().size() / active;
            var pacer = new OpenLoopPacer(loop.getValue(), share, start);
            pacers.add(loop.getKey()
                    .scheduleAtFixedRate(pacer, PACER_TICK_MICROS, PACER_TICK_MICROS, TimeUnit.MICROSECONDS));
        }
    }

    /**
     * Submit latencies are also kept per second since {@code originNanos} (System.nanoTime() of the pool's spawn, for
     * a cold start), from the next {@link #startSubmitting()} on.
     */
    public void latencyBySecondFrom(long originNanos) {
        bySecondOrigin = originNanos;
    }

    /** System.nanoTime() of the first accepted share, or 0 before one. */
    public long firstAcceptedNanos() {
        return firstAcceptedNanos.get();
    }

    /** Stops submitting and reports; the rate counts answers up to now, latencies include the last second's stragglers. */
    public ShareReport stopSubmitting() throws InterruptedException {
        pacers.forEach(p -> p.cancel(false));
        pacers.clear();
        LoadStats atEnd = snapshot();
        long elapsed = System.nanoTime() - runStart;
        submitting = false;
        flooding = false;
        for (int i = 0; i < miners.size(); i++) {
            SimulatedMiner m = miners.get(i);
            channels.get(i).eventLoop().execute(m::stopSubmitting);
        }
        Thread.sleep(1000);
        LoadStats s = snapshot();
        double seconds = elapsed / 1e9;
        long offered = plan.mode() == Mode.OPEN ? s.offered : s.submitted;
        long atEndOffered = plan.mode() == Mode.OPEN ? atEnd.offered : atEnd.submitted;
        List<BlockStale> byBlock = new ArrayList<>();
        for (int b = 0; b <= Math.min(blockEpoch, LoadStats.MAX_BLOCK_EPOCHS - 1); b++) {
            byBlock.add(new BlockStale(b, s.answeredByEpoch[b], s.staleByEpoch[b]));
        }
        return new ShareReport(
                Duration.ofNanos(elapsed),
                offered,
                s.submitted,
                s.blocked,
                s.answered,
                s.accepted,
                s.rejected,
                s.submitted - s.answered,
                s.untimed,
                atEndOffered / seconds,
                atEnd.submitted / seconds,
                atEnd.answered / seconds,
                s.submitLatency.percentileMillis(0.50),
                s.submitLatency.percentileMillis(0.99),
                s.submitLatency.maxMillis(),
                Map.copyOf(s.rejectReasons),
                s.stale,
                List.copyOf(byBlock),
                s.bySecond.seconds(),
                disconnected.get() - disconnectedAtStart);
    }

    /** Forgets earlier block changes: the next fan-out reports cover only what follows. */
    public void resetFanout() {
        forEachLoop(s -> s.fanout.reset());
    }

    /**
     * Measures the fan-out of one block change: from the node's announcement until each ready miner has a job on the new
     * previous block hash. Percentiles cover every block change since {@link #resetFanout()}; the count is this one's.
     *
     * @param notifyPrevHash the new tip as it appears in mining.notify (word-swapped)
     * @param announce       sends the announcement and returns System.nanoTime() of the moment it left
     */
    public FanoutReport measureFanout(String notifyPrevHash, java.util.function.LongSupplier announce, Duration timeout)
            throws InterruptedException {
        fanoutReceived.set(0);
        int expected = ready.get();
        expectedPrevHash = notifyPrevHash;
        // Armed before the announcement so that no early notify is missed, then corrected to the exact moment.
        // Answers from here on count for the new block's stale figure.
        blockEpoch++;
        announcedNanos = System.nanoTime();
        announcedNanos = announce.getAsLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fanoutReceived.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        Thread.sleep(20);
        LoadStats s = snapshot();
        return new FanoutReport(
                expected,
                fanoutReceived.get(),
                s.fanout.percentileMillis(0.50),
                s.fanout.percentileMillis(0.99),
                s.fanout.maxMillis());
    }

    /** "epoll" or "nio": which Netty transport the miners' sockets use. */
    public String transportName() {
        return transport.name();
    }

    public int readyMiners() {
        return ready.get();
    }

    public int disconnectedMiners() {
        return disconnected.get();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    LoadStats stats() {
        return stats.get();
    }

    /** What every event loop has counted so far in this run (a copy). */
    LoadStats progress() {
        return snapshot();
    }

    boolean submitting() {
        return submitting;
    }

    boolean flooding() {
        return flooding;
    }

    /** Block changes announced since submitting started (the stale count's per-block key). */
    int blockEpoch() {
        return blockEpoch;
    }

    void recordBySecond(LoadStats stats, long sentNanos, long latencyNanos) {
        long origin = bySecondOrigin;
        if (origin != 0) {
            stats.bySecond.record((int) ((sentNanos - origin) / 1_000_000_000L), latencyNanos);
        }
    }

    void shareAccepted(long now) {
        firstAcceptedNanos.compareAndSet(0, now);
    }

    void minerReady(long now) {
        ready.incrementAndGet();
        lastReadyNanos.accumulateAndGet(now, Math::max);
    }

    void minerClosed(boolean wasReady) {
        disconnected.incrementAndGet();
        if (wasReady) {
            ready.decrementAndGet();
        }
    }

    void newPrevHashSeen(String notifyPrevHash, long now) {
        long announced = announcedNanos;
        if (announced != 0 && notifyPrevHash.equals(expectedPrevHash)) {
            stats().fanout.recordNanos(now - announced);
            fanoutReceived.incrementAndGet();
        }
    }

    void protocolProblem(String what) {
        if (problems.size() < 20) {
            problems.add(what);
        }
    }

    /** Runs on each event loop (the only thread that touches its stats), so copies are consistent. */
    private void forEachLoop(java.util.function.Consumer<LoadStats> action) {
        for (EventExecutor loop : group) {
            try {
                loop.submit(() -> action.accept(stats.get())).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("event loop task failed", e.getCause());
            }
        }
    }

    private LoadStats snapshot() {
        LoadStats total = new LoadStats();
        for (EventExecutor loop : group) {
            try {
                total.add(loop.submit(() -> stats.get().copy()).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                throw new IllegalStateException("event loop task failed", e.getCause());
            }
        }
        return total;
    }

    @Override
    public void close() {
        submitting = false;
        for (Channel ch : channels) {
            ch.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.debug("load generator closed");
    }
}
