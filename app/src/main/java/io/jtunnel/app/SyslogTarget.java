package io.jtunnel.app;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The local syslog socket that syslog(3) writes to ({@code /dev/log}, a Unix datagram socket). Java has no Unix
 * datagram sockets, so Netty's native epoll transport sends them; where it is not available (Windows, macOS) or no
 * syslog daemon listens, syslog is unavailable and jtunnel says so at start-up.
 */
final class SyslogTarget implements AutoCloseable {
    private final DomainSocketAddress address;
    private final EventLoopGroup loop;
    private final Channel channel;
    private final String unavailableReason;

    private SyslogTarget(DomainSocketAddress address, EventLoopGroup loop, Channel channel, String reason) {
        this.address = address;
        this.loop = loop;
        this.channel = channel;
        this.unavailableReason = reason;
    }

    static SyslogTarget open(Path socket) {
        if (!Epoll.isAvailable()) {
            return unavailable("Unix datagram sockets need the native epoll transport (Linux)");
        }
        if (!Files.exists(socket)) {
            return unavailable(socket + " does not exist (no syslog daemon?)");
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(loop).channel(EpollDomainDatagramChannel.class)
                // like syslog(3)'s socket: neither bound nor connected, it sends each datagram to the path
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .handler(new ChannelInboundHandlerAdapter()).register().sync().channel();
            return new SyslogTarget(new DomainSocketAddress(socket.toString()), loop, channel, null);
        } catch (Exception e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            return unavailable(socket + ": " + e.getMessage());
        }
    }

    static SyslogTarget unavailable(String reason) {
        return new SyslogTarget(null, null, null, reason);
    }

    boolean available() {
        return channel != null;
    }

    String unavailableReason() {
        return unavailableReason;
    }

    /** Sends one complete syslog message (already formatted); losses are silent, as with syslog(3). */
    void send(String message) {
        if (channel != null) {
            channel.writeAndFlush(new DomainDatagramPacket(
                Unpooled.wrappedBuffer(message.getBytes(StandardCharsets.UTF_8)), address));
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
