package io.jtunnel.relay;

import io.jtunnel.config.SocketOption;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import java.util.List;
import jdk.net.ExtendedSocketOptions;

/** Puts a service's {@code socket} options on Netty's bootstraps, natively on epoll and through the JDK on NIO. */
public final class SocketOptions {
    private SocketOptions() {
    }

    /**
     * The options this transport cannot set (IP_FREEBIND has no JDK equivalent on NIO), as their config text; a
     * service with any of them must not start, since stunnel would have set them.
     */
    public static List<String> unavailable(List<SocketOption> options, Transport transport) {
        return options.stream().filter(option -> channelOption(option.name(), transport) == null)
            .map(SocketOption::toString).toList();
    }

    /** {@code a:} options on the listening socket, {@code l:} options on every accepted one. */
    public static void applyToServer(ServerBootstrap bootstrap, List<SocketOption> options, Transport transport) {
        for (SocketOption option : options) {
            switch (option.target()) {
                case ACCEPT -> set(bootstrap, option, transport);
                case LOCAL -> setChild(bootstrap, option, transport);
                case REMOTE -> { }
            }
        }
    }

    /** {@code r:} options on an outgoing socket. */
    static void applyToClient(AbstractBootstrap<?, ?> bootstrap, List<SocketOption> options, Transport transport) {
        for (SocketOption option : options) {
            if (option.target() == SocketOption.Target.REMOTE) {
                set(bootstrap, option, transport);
            }
        }
    }

    /** {@code l:} options on a local-end socket that jtunnel opens itself (exec+connect, inetd mode's bridge). */
    static void applyToLocal(AbstractBootstrap<?, ?> bootstrap, List<SocketOption> options, Transport transport) {
        for (SocketOption option : options) {
            if (option.target() == SocketOption.Target.LOCAL) {
                set(bootstrap, option, transport);
            }
        }
    }

    /** {@code l:} options on an inherited socket (inetd mode). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void applyToLocal(io.netty.channel.Channel channel, List<SocketOption> options, Transport transport) {
        for (SocketOption option : options) {
            if (option.target() == SocketOption.Target.LOCAL) {
                channel.config().setOption((ChannelOption) available(option, transport), value(option));
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void set(AbstractBootstrap bootstrap, SocketOption option, Transport transport) {
        bootstrap.option(available(option, transport), value(option));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setChild(ServerBootstrap bootstrap, SocketOption option, Transport transport) {
        bootstrap.childOption(available(option, transport), value(option));
    }

    @SuppressWarnings("rawtypes")
    private static ChannelOption available(SocketOption option, Transport transport) {
        ChannelOption<?> channelOption = channelOption(option.name(), transport);
        if (channelOption == null) {
            throw new IllegalStateException(option + " is not available with " + transport.name()
                + "; SocketOptions.unavailable should have refused the service");
        }
        return channelOption;
    }

    private static Object value(SocketOption option) {
        return switch (option.name()) {
            case "SO_LINGER" -> option.lingerSeconds();
            case "SO_KEEPALIVE", "SO_REUSEADDR", "TCP_NODELAY", "IP_FREEBIND" -> option.flag();
            default -> option.number();
        };
    }

    private static ChannelOption<?> channelOption(String name, Transport transport) {
        boolean epoll = transport.name().equals("epoll");
        return switch (name) {
            case "SO_KEEPALIVE" -> ChannelOption.SO_KEEPALIVE;
            case "SO_LINGER" -> ChannelOption.SO_LINGER;
            case "SO_RCVBUF" -> ChannelOption.SO_RCVBUF;
            case "SO_SNDBUF" -> ChannelOption.SO_SNDBUF;
            case "SO_REUSEADDR" -> ChannelOption.SO_REUSEADDR;
            case "TCP_NODELAY" -> ChannelOption.TCP_NODELAY;
            case "IP_TOS" -> ChannelOption.IP_TOS;
            case "TCP_KEEPIDLE" -> epoll ? EpollChannelOption.TCP_KEEPIDLE
                : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE);
            case "TCP_KEEPINTVL" -> epoll ? EpollChannelOption.TCP_KEEPINTVL
                : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL);
            case "TCP_KEEPCNT" -> epoll ? EpollChannelOption.TCP_KEEPCNT
                : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT);
            case "IP_FREEBIND" -> epoll ? EpollChannelOption.IP_FREEBIND : null; // Linux only
            default -> throw new IllegalArgumentException("socket option " + name + " has no mapping");
        };
    }
}
