package org.potluck.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
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

    /**
     * Each miner binds its source address before connecting. With port 0, bind() has to find a free port on that
     * address among thousands in use or in TIME_WAIT from the previous run, which took the generator up to 22 s for
     * 15,000 sockets. IP_BIND_ADDRESS_NO_PORT leaves the port to connect(), which picks it by the whole 4-tuple.
     */
    Bootstrap sourceBound(Bootstrap bootstrap) {
        return socketChannel == EpollSocketChannel.class
                ? bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true)
                : bootstrap;
    }
}
