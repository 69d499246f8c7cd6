package io.jtunnel.relay;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Supplier;

/**
 * The socket layer, chosen once at start-up: Java NIO, or Linux's native epoll with {@code -Djtunnel.transport=epoll}.
 * NIO is the default because Netty 4.2.18's epoll (and 4.2.20's) loses writes on half-closed connections: once a
 * socket's input is shut and no write is pending, Netty removes it from the epoll set but still believes it is there,
 * so the next write that has to wait fails with {@code epoll_ctl(..) failed with error(-2)} and the connection is
 * reset. stunnel's half-close (a FIN one way while data still flows the other) hits exactly that; BulkTransferTest
 * caught it about once in 25 runs.
 */
public record Transport(String name, Supplier<IoHandlerFactory> ioHandlers,
                        Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel) {

    public static Transport best() {
        if ("epoll".equals(System.getProperty("jtunnel.transport")) && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class,
                EpollSocketChannel.class);
        }
        return nio();
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** One event loop per core: connections are spread over them and each stays on its loop. */
    public EventLoopGroup newEventLoops(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlers.get());
    }
}
