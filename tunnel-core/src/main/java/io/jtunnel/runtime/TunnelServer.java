package io.jtunnel.runtime;

import io.jtunnel.config.ListenAddress;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.jtunnel.log.TunnelLogger;
import io.jtunnel.relay.Addresses;
import io.jtunnel.relay.RelayService;
import io.jtunnel.relay.ServiceChannelInitializer;
import io.jtunnel.relay.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running tunnel: one event loop per core shared by all services, a listener per {@code accept} address, and
 * every open connection tracked so that {@link #close()} ends them all.
 */
public final class TunnelServer implements AutoCloseable {
    private final Transport transport;
    private final EventLoopGroup loops;
    private final ChannelGroup channels = new DefaultChannelGroup("jtunnel", GlobalEventExecutor.INSTANCE);
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Map<String, List<InetSocketAddress>> bound = new LinkedHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();

    public TunnelServer(Transport transport, int threads) {
        this.transport = transport;
        this.loops = transport.newEventLoops(threads);
    }

    /**
     * Binds every service. An address that cannot be bound is logged and skipped, as stunnel does; a service with
     * no address bound fails the start.
     */
    public void start(List<PreparedService> services, LogSink log) throws StartupException {
        for (PreparedService prepared : services) {
            String name = prepared.config().name();
            RelayService service = new RelayService(prepared.config(), prepared.tls(),
                new TunnelLogger(prepared.config().debug()), transport, connectionIds, channels, stopping);
            ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ServiceChannelInitializer(service));
            List<InetSocketAddress> addresses = new ArrayList<>();
            log.log(LogLevel.DEBUG, "Binding service [" + name + "]");
            for (ListenAddress listen : prepared.config().accept()) {
                ChannelFuture future = bootstrap.bind(listen.address()).awaitUninterruptibly();
                if (!future.isSuccess()) {
                    log.log(LogLevel.NOTICE, "Binding service [" + name + "] to " + Addresses.format(listen.address())
                        + ": " + describe(future.cause()));
                    continue;
                }
                Channel channel = future.channel();
                listeners.add(channel);
                InetSocketAddress local = (InetSocketAddress) channel.localAddress();
                addresses.add(local);
                String fd = channel instanceof UnixChannel unix ? " (FD=" + unix.fd().intValue() + ")" : "";
                log.log(LogLevel.INFO, "Service [" + name + "]" + fd + " bound to " + Addresses.format(local));
            }
            if (addresses.isEmpty()) {
                close();
                throw new StartupException(List.of("Binding service [" + name + "] failed"));
            }
            bound.put(name, List.copyOf(addresses));
        }
    }

    private static String describe(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Address already in use")) {
            return "Address already in use (98)";
        }
        if (message.contains("Permission denied")) {
            return "Permission denied (13)";
        }
        if (message.contains("Cannot assign requested address")) {
            return "Cannot assign requested address (99)";
        }
        return message;
    }

    /** The addresses a service listens on (useful when it asked for port 0). */
    public List<InetSocketAddress> boundAddresses(String service) {
        return bound.getOrDefault(service, List.of());
    }

    /** Connections open now, both sides counted. */
    public int openChannels() {
        return channels.size();
    }

    /** Stops accepting, ends every open connection without logging it (as stunnel), and stops the event loops. */
    @Override
    public void close() {
        stopping.set(true);
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        listeners.clear();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
