package org.potluck.pool.stratum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;

/**
 * Writes replies to one connection now and flushes them later, so that many replies to one client share one syscall:
 * inside a read burst the transport flushes when the burst ends ({@link #readComplete}); otherwise (a journal batch
 * completing many shares) one flush task is queued behind the completions already waiting on the loop. Event-loop
 * confined.
 */
final class ReplyWriter {
    private final Channel channel;
    private boolean reading;
    private boolean flushQueued;
    private final Runnable flushQueuedReplies;

    ReplyWriter(Channel channel) {
        this.channel = channel;
        this.flushQueuedReplies = () -> {
            flushQueued = false;
            channel.flush();
        };
    }

    void readStarted() {
        reading = true;
    }

    void readComplete() {
        reading = false;
    }

    void write(String line) {
        write(ByteBufUtil.writeUtf8(channel.alloc(), line));
    }

    void write(ByteBuf buf) {
        channel.write(buf, channel.voidPromise());
        if (!reading && !flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(flushQueuedReplies);
        }
    }
}
