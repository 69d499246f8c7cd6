package io.jtunnel.relay;

import io.jtunnel.config.ServiceConfig;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.tls.ServiceTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * inetd mode (a configuration without any {@code [section]}): the one service serves the single connection on stdin
 * and stdout, then returns. When stdin is a TCP socket (inetd, xinetd, systemd {@code Accept=yes}) Netty takes it
 * over as an accepted socket, so half-close and back-pressure work as for any connection; pipes (or a Unix socket)
 * are joined through a {@link LoopbackBridge}, and the log says {@code accepted connection} without an address, as
 * stunnel's does. Server or client mode, {@code connect} or {@code exec}, all as for a listener's connections.
 */
public final class InetdConnection {
    /** After the connection ended, how long its last bytes may take to reach stdout (or the upstream to close). */
    private static final long FLUSH_LIMIT_MILLIS = 10_000;

    private InetdConnection() {
    }

    /** Serves stdin/stdout until the connection ends. */
    public static void serve(ServiceConfig config, ServiceTls tls, LogSink mainLog)
        throws IOException, InterruptedException {
        // the inherited socket is a java.nio channel: the NIO transport, whatever jtunnel.transport says
        Transport transport = Transport.nio();
        EventLoopGroup loops = transport.newEventLoops(1);
        ChannelGroup channels = new DefaultChannelGroup("jtunnel-inetd", GlobalEventExecutor.INSTANCE);
        RelayService service = new RelayService(config, tls, new TunnelLogger(config.debug()), transport,
            new AtomicLong(), channels, new AtomicBoolean());
        try {
            java.nio.channels.Channel inherited = System.inheritedChannel();
            if (inherited instanceof SocketChannel socket && socket.getRemoteAddress() instanceof InetSocketAddress) {
                serveSocket(socket, service, loops);
            } else if (inherited == null || inherited instanceof SocketChannel) {
                servePipes(service, loops, mainLog);
            } else {
                throw new IOException("stdin is a " + describe(inherited) + ", not a connected socket or a pipe");
            }
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static void serveSocket(SocketChannel socket, RelayService service, EventLoopGroup loops)
        throws InterruptedException {
        NioSocketChannel channel = new NioSocketChannel(socket);
        channel.config().setAutoRead(false);
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        SocketOptions.applyToLocal(channel, service.config().policy().socketOptions(), service.transport());
        channel.pipeline().addLast(new ServiceChannelInitializer(() -> service));
        loops.next().register(channel).sync();
        awaitEnd(channel, service);
    }

    private static void servePipes(RelayService service, EventLoopGroup loops, LogSink mainLog)
        throws IOException, InterruptedException {
        LoopbackBridge bridge = LoopbackBridge.open();
        try {
            bridge.start(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), mainLog);
            Bootstrap bootstrap = new Bootstrap()
                .group(loops)
                .channel(service.transport().socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .attr(LocalEnd.NO_PEER_ADDRESS, true)
                .handler(new ServiceChannelInitializer(() -> service));
            SocketOptions.applyToLocal(bootstrap, service.config().policy().socketOptions(), service.transport());
            io.netty.channel.ChannelFuture connect = bootstrap.connect(bridge.address()).await();
            if (!connect.isSuccess()) {
                bridge.abandon();
                throw new IOException("cannot connect to the loopback bridge: " + connect.cause());
            }
            bridge.connected(connect.channel().localAddress());
            awaitEnd(connect.channel(), service);
            try {
                // the relay's last bytes are on their way to stdout
                bridge.delivered().get(FLUSH_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                mainLog.log(LogLevel.WARNING, "Output to stdout did not finish within "
                    + FLUSH_LIMIT_MILLIS / 1000 + " seconds");
            }
        } finally {
            bridge.close();
        }
    }

    /** The local end closed; the upstream (closed by the connection at the same time) gets a moment to follow. */
    private static void awaitEnd(Channel channel, RelayService service) throws InterruptedException {
        channel.closeFuture().await();
        service.channels().newCloseFuture().await(FLUSH_LIMIT_MILLIS);
    }

    private static String describe(java.nio.channels.Channel channel) {
        if (channel instanceof java.nio.channels.ServerSocketChannel) {
            return "listening socket (inetd \"wait\" or systemd Accept=no)";
        }
        if (channel instanceof java.nio.channels.DatagramChannel) {
            return "datagram socket";
        }
        return channel.getClass().getSimpleName();
    }
}
