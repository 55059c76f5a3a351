package org.potluck.pool.stratum;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.potluck.pool.ConnectedMiner;
import org.potluck.pool.ConnectedMiners;
import org.potluck.pool.PoolListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Stratum v1 listener: accepts miners, frames their lines, and pushes new work to all of them. */
public final class StratumServer implements ConnectedMiners, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StratumServer.class);
    /** A miner that sends nothing for this long (not even a share) is gone. */
    private static final int READ_IDLE_SECONDS = 30 * 60;

    private final StratumContext ctx;
    private final Transport transport = Transport.best();
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.handlers());
    private final EventLoopGroup workers;
    /**
     * Per-connection outbound buffer bounds: above the high mark a client counts as not reading (it stops being read and
     * gets no new work until it is below the low mark again). A notify is a few KiB, so an honest miner never gets near.
     */
    static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final ConnectionLimiter limiter;
    private final NotifyLines notifyLines = new NotifyLines();
    private Channel listener;
    private ScheduledFuture<?> sweeper;

    public StratumServer(StratumContext ctx, int ioThreads) {
        this.ctx = ctx;
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, transport.handlers());
        int fromDescriptors = ConnectionLimiter.defaultTotalLimit();
        this.limiter = new ConnectionLimiter(
                () -> ctx.config().maxConnectionsPerIp(),
                () -> ctx.config().maxConnections() > 0 ? ctx.config().maxConnections() : fromDescriptors);
    }

    public InetSocketAddress start() throws InterruptedException {
        var cfg = ctx.config();
        listener = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_BUFFER)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admitted(ch)) {
                            return;
                        }
                        ch.pipeline()
                                .addLast(
                                        new IdleStateHandler(READ_IDLE_SECONDS, 0, 0),
                                        new LineBasedFrameDecoder(cfg.maxLineBytes(), true, true),
                                        new StratumConnection(ctx, notifyLines));
                    }
                })
                .bind(cfg.host(), cfg.port())
                .sync()
                .channel();
        long sweepSeconds = Math.max(1, (long) Math.ceil(cfg.targetShareSeconds() / 2));
        sweeper = workers.next()
                .scheduleAtFixedRate(this::sweepQuietMiners, sweepSeconds, sweepSeconds, TimeUnit.SECONDS);
        var bound = (InetSocketAddress) listener.localAddress();
        log.info("stratum listening on {}:{} ({})", cfg.host(), bound.getPort(), transport.name());
        return bound;
    }

    /**
     * Whether a new connection is within the per-address and total limits; one that is not is closed at once, before
     * any handler or session exists for it (with a reset, so not even a TIME_WAIT is left behind here).
     */
    private boolean admitted(SocketChannel ch) {
        InetAddress address = ch.remoteAddress().getAddress();
        PoolListener.ShedReason refused = limiter.tryAcquire(address);
        if (refused != null) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
            ctx.listener().connectionShed(String.valueOf(ch.remoteAddress()), refused);
            return false;
        }
        ch.closeFuture().addListener(closed -> limiter.release(address));
        return true;
    }

    /** Stratum connections open now (including those not yet subscribed). */
    public int openConnections() {
        return limiter.open();
    }

    /** New work for every miner: clean (abandon old jobs) after a new block, plain after a template refresh. */
    public void broadcast(boolean clean) {
        long start = System.nanoTime();
        // One task per event loop rather than one per miner: fewer queue hand-offs, and the loop that finishes last
        // knows when every miner's work has been written, which is the figure an operator wants after a block.
        Map<EventLoop, List<Sv1Session>> byLoop = new HashMap<>();
        for (Sv1Session s : ctx.sessions()) {
            byLoop.computeIfAbsent(s.channel().eventLoop(), loop -> new ArrayList<>())
                    .add(s);
        }
        AtomicInteger loopsLeft = new AtomicInteger(byLoop.size());
        int miners = byLoop.values().stream().mapToInt(List::size).sum();
        byLoop.forEach((loop, sessions) -> loop.execute(() -> {
            for (Sv1Session s : sessions) {
                try {
                    s.sendWork(clean, clean);
                } catch (RuntimeException e) {
                    log.warn("could not send new work to {}: {}", s.remote(), e.toString());
                }
            }
            if (loopsLeft.decrementAndGet() == 0 && clean) {
                log.info(
                        "new block's work written to {} miners in {} ms",
                        miners,
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6));
            }
        }));
    }

    public int sessionCount() {
        return ctx.sessions().size();
    }

    @Override
    public List<ConnectedMiner> list() {
        return ctx.sessions().stream()
                .map(s -> {
                    MinerSession m = s.miner();
                    return new ConnectedMiner(
                            m.id(), m.user(), m.address(), s.remote(), m.difficulty(), m.userAgent(), "sv1");
                })
                .toList();
    }

    @Override
    public boolean kick(String id) {
        return close(s -> s.miner().id().equals(id)) > 0;
    }

    @Override
    public int kickFrom(InetAddress ip) {
        return close(s -> s.channel().remoteAddress() instanceof InetSocketAddress a
                && a.getAddress().equals(ip));
    }

    @Override
    public int kickPaying(String address) {
        return close(s -> address.equals(s.miner().address()));
    }

    /** Closing is safe from any thread: Netty runs it on the connection's own event loop. */
    private int close(Predicate<Sv1Session> which) {
        List<Sv1Session> chosen = ctx.sessions().stream().filter(which).toList();
        chosen.forEach(s -> s.channel().close());
        return chosen.size();
    }

    private void sweepQuietMiners() {
        for (Sv1Session s : ctx.sessions()) {
            s.channel().eventLoop().execute(s::checkQuiet);
        }
    }

    /** Asks every miner to come back in a few seconds (to this pool after a restart, or to its failover). */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        List<ChannelFuture> told = new ArrayList<>();
        for (Sv1Session s : ctx.sessions()) {
            var local = (InetSocketAddress) s.channel().localAddress();
            String host = local == null ? "" : local.getAddress().getHostAddress();
            int port = local == null ? 0 : local.getPort();
            told.add(s.channel()
                    .writeAndFlush(io.netty.buffer.ByteBufUtil.writeUtf8(
                            s.channel().alloc(), org.potluck.stratum.StratumMessages.reconnect(host, port, 5))));
        }
        // A shutting-down event loop closes its channels before it runs the tasks still queued, so without this wait
        // the reconnect lines can be lost whenever the shutdown reaches a loop before its write does.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ChannelFuture f : told) {
            f.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
