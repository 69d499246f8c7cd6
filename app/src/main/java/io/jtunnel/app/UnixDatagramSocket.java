package io.jtunnel.app;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An unbound, unconnected Unix datagram socket that sends each datagram to a path, as syslog(3) and sd_notify(3) do.
 * Java has no Unix datagram sockets, so Netty's native epoll transport provides it, on one thread of its own.
 */
final class UnixDatagramSocket implements AutoCloseable {
    private final EventLoopGroup loop;
    private final Channel channel;

    private UnixDatagramSocket(EventLoopGroup loop, Channel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /** Opens the socket; fails where the native epoll transport is not available (Windows, macOS). */
    static UnixDatagramSocket open() throws Exception {
        if (!Epoll.isAvailable()) {
            throw new UnsupportedOperationException("Unix datagram sockets need the native epoll transport (Linux)");
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(loop).channel(EpollDomainDatagramChannel.class)
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .handler(new ChannelInboundHandlerAdapter()).register().sync().channel();
            return new UnixDatagramSocket(loop, channel);
        } catch (Exception e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Sends one datagram to the socket at {@code address}; the future tells whether the kernel took it. */
    ChannelFuture send(DomainSocketAddress address, byte[] datagram) {
        return channel.writeAndFlush(new DomainDatagramPacket(Unpooled.wrappedBuffer(datagram), address));
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
