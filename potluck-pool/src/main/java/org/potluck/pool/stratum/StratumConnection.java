package org.potluck.pool.stratum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.potluck.pool.PoolListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport under one Stratum v1 connection: its lifecycle (bans at the door, the authorize deadline, idle and
 * failed connections), framed lines handed to its {@link Sv1Session}, flush batching at the end of a read burst, and
 * back-pressure from a client that does not read its replies. What the lines mean is the session's business.
 */
public final class StratumConnection extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(StratumConnection.class);

    private final StratumContext ctx;
    private final NotifyLines notifyLines;
    private Sv1Session session;
    private ReplyWriter out;
    /** Closes the connection if it is still not reading its replies; set while it is not (event-loop confined). */
    private ScheduledFuture<?> slowReaderClose;

    StratumConnection(StratumContext ctx, NotifyLines notifyLines) {
        this.ctx = ctx;
        this.notifyLines = notifyLines;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        var remote = (InetSocketAddress) c.channel().remoteAddress();
        if (remote != null && ctx.bans().isBanned(remote.getAddress())) {
            c.close();
            return;
        }
        var cfg = ctx.config();
        out = new ReplyWriter(c.channel());
        session = new Sv1Session(
                ctx, notifyLines, c.channel(), out, ctx.extranonces().allocate());
        ctx.sessions().add(session);
        ctx.listener().minerConnected(session.remote());
        // A connection that never authorizes holds a file descriptor for nothing: close it after a while.
        c.executor()
                .schedule(
                        () -> {
                            if (!session.authorized() && c.channel().isActive()) {
                                log.debug(
                                        "closing {}: not authorized within {} s",
                                        session.remote(),
                                        cfg.idleSecondsBeforeAuthorize());
                                c.close();
                            }
                        },
                        cfg.idleSecondsBeforeAuthorize(),
                        TimeUnit.SECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (session != null) {
            ctx.sessions().remove(session);
            ctx.listener().minerDisconnected(session.user(), session.remote());
        }
    }

    /**
     * A client that does not read its replies (or reads slower than it asks) makes the channel unwritable once the
     * pool holds more than the write buffer's high water mark for it. From then on nothing more is read from it, so it
     * cannot make the pool write more; if it has not drained after slow_reader_close_seconds, it is closed.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        var channel = c.channel();
        if (!channel.isWritable()) {
            channel.config().setAutoRead(false);
            if (slowReaderClose == null && channel.isActive()) {
                int seconds = ctx.config().slowReaderCloseSeconds();
                slowReaderClose = c.executor().schedule(() -> closeSlowReader(c, seconds), seconds, TimeUnit.SECONDS);
            }
        } else {
            if (slowReaderClose != null) {
                slowReaderClose.cancel(false);
                slowReaderClose = null;
            }
            channel.config().setAutoRead(true);
            if (session != null) {
                session.writable();
            }
        }
        c.fireChannelWritabilityChanged();
    }

    private void closeSlowReader(ChannelHandlerContext c, int seconds) {
        slowReaderClose = null;
        if (c.channel().isActive() && !c.channel().isWritable()) {
            String remote = session == null ? String.valueOf(c.channel().remoteAddress()) : session.remote();
            log.info(
                    "closing {}: it left {} bytes of replies unread for {} s",
                    remote,
                    session == null ? 0 : session.pendingOutboundBytes(),
                    seconds);
            ctx.listener().connectionShed(remote, PoolListener.ShedReason.NOT_READING);
            c.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext c, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.debug(
                    "closing idle connection {}", session == null ? c.channel().remoteAddress() : session.remote());
            c.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            return; // a write that was pending when we closed the connection: nothing to tell
        }
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
            log.info(
                    "closing {}: line longer than {} bytes",
                    c.channel().remoteAddress(),
                    ctx.config().maxLineBytes());
        } else if (cause instanceof java.io.IOException) {
            log.debug("connection {} failed: {}", c.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("closing {} after an unexpected error", c.channel().remoteAddress(), cause);
        }
        c.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, ByteBuf line) {
        // A connection being closed (banned, garbage, too long a line) may still have hundreds of pipelined lines in
        // its read buffer: handling them would only spend the I/O thread that honest miners share.
        if (session == null || line.readableBytes() == 0 || !c.channel().isActive()) {
            return;
        }
        out.readStarted();
        session.onLine(ByteBufUtil.getBytes(line));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext c) {
        if (out != null) {
            out.readComplete();
        }
        c.flush();
        c.fireChannelReadComplete();
    }
}
