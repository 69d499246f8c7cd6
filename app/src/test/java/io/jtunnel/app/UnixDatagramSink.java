package io.jtunnel.app;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listening Unix datagram socket (systemd's notify socket, or /dev/log): every datagram received, in order. */
final class UnixDatagramSink implements AutoCloseable {
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Channel channel;
    private final String name;

    /** Binds {@code name}: a path, or an abstract name after '@' as systemd writes it in NOTIFY_SOCKET. */
    UnixDatagramSink(String name) throws InterruptedException {
        this.name = name;
        String path = name.startsWith("@") ? "\0" + name.substring(1) : name;
        channel = new Bootstrap().group(loop).channel(EpollDomainDatagramChannel.class)
            .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                    received.add(packet.content().toString(StandardCharsets.UTF_8));
                }
            }).bind(new DomainSocketAddress(path)).sync().channel();
    }

    /** The name it was bound with (the value for NOTIFY_SOCKET). */
    String name() {
        return name;
    }

    /** The next datagram, or null after {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
