package org.potluck.bench;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty client transport for the bench's many sockets: native epoll on Linux (fewer copies and less JDK selector
 * bookkeeping per event, so the generator's own CPU distorts the pool's figures less), NIO wherever it is missing.
 */
record BenchTransport(String name, IoHandlerFactory ioHandlers, Class<? extends SocketChannel> socketChannel) {
    static BenchTransport best() {
        if (Epoll.isAvailable()) {
            return new BenchTransport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        return new BenchTransport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }
}
