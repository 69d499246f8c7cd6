package io.jtunnel.relay;

import io.jtunnel.config.ConnectTarget;
import io.jtunnel.config.Failover;
import io.jtunnel.config.Timeouts;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens the upstream connection on the client's own event loop, trying the {@code connect} addresses until one
 * answers: from the first ({@code failover = prio}, the default) or from the next in turn ({@code failover = rr}),
 * each bounded by TIMEOUTconnect, from the {@code local} source address when one is set.
 */
final class UpstreamConnector {
    private final RelayService service;
    private final LogSink log;

    UpstreamConnector(RelayService service, LogSink log) {
        this.service = service;
        this.log = log;
    }

    /**
     * @param tls true in client mode: the upstream speaks TLS, so each attempt gets a client SslHandler
     */
    void connect(Channel client, Connection connection, boolean tls, List<ConnectTarget> targets,
                 Consumer<Channel> onConnected, Runnable onExhausted) {
        // same loop as the client: no hand-off between threads
        Bootstrap bootstrap = service.upstreamBootstrap().clone(client.eventLoop());
        List<InetSocketAddress> addresses = addresses(targets);
        int start = 0;
        if (addresses.size() > 1) {
            if (service.config().policy().failover() == Failover.RR) {
                start = Math.floorMod(service.roundRobin().getAndIncrement(), addresses.size());
                log.log(LogLevel.INFO, "failover: round-robin, starting at entry #" + start);
            } else {
                log.log(LogLevel.INFO, "failover: priority, starting at entry #0");
            }
        }
        attempt(bootstrap, connection, tls, addresses, start, 0, onConnected, onExhausted);
    }

    /**
     * A service's outgoing-socket settings, made once when it starts: each connection clones it onto its own event
     * loop and adds its handler.
     */
    static Bootstrap template(io.jtunnel.config.ServiceConfig config, Transport transport) {
        Bootstrap bootstrap = new Bootstrap()
            .channel(transport.socketChannel())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Timeouts.nettyMillis(config.timeouts().connectSeconds()));
        SocketOptions.applyToClient(bootstrap, config.policy().socketOptions(), transport);
        return bootstrap;
    }

    /** Client mode: TLS toward the upstream, sending the service's SNI name. */
    private ChannelInitializer<Channel> tlsInitializer(Connection connection, int port) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                SslHandler handler = service.tls().newClientHandler(channel.alloc(), service.config().sni(), port,
                    ServiceChannelInitializer.busyMillis(service));
                service.tls().attachLog(handler.engine(), log);
                ServiceChannelInitializer.addTls(channel.pipeline(), service, handler);
                channel.pipeline().addLast(PipelineNames.TLS_RELAY, new TlsSideHandler(service, handler, connection));
            }
        };
    }

    private static List<InetSocketAddress> addresses(List<ConnectTarget> targets) {
        List<InetSocketAddress> all = new ArrayList<>();
        for (ConnectTarget target : targets) {
            if (target.delayedLookup()) {
                // resolved now, per connection, as stunnel's delayed lookup does
                all.add(InetSocketAddress.createUnresolved(target.host(), target.port()));
            } else {
                all.addAll(target.resolved());
            }
        }
        return all;
    }

    /** Tries the address at {@code start + tried}, each address once, wrapping around. */
    private void attempt(Bootstrap bootstrap, Connection connection, boolean tls, List<InetSocketAddress> addresses,
                         int start, int tried, Consumer<Channel> onConnected, Runnable onExhausted) {
        if (tried >= addresses.size()) {
            onExhausted.run();
            return;
        }
        InetSocketAddress target = addresses.get((start + tried) % addresses.size());
        String shown = target.isUnresolved() ? target.getHostString() + ":" + target.getPort()
            : Addresses.format(target);
        log.log(LogLevel.INFO, "s_connect: connecting " + shown);
        // a handler per attempt: a failed attempt's channel keeps the one it was given
        Bootstrap attempt = bootstrap.clone().handler(tls ? tlsInitializer(connection, target.getPort())
            : new PlainSideHandler(connection));
        ChannelFuture future = service.config().policy().local()
            .map(local -> attempt.connect(target, new InetSocketAddress(local, 0)))
            .orElseGet(() -> attempt.connect(target));
        future.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                log.log(LogLevel.NOTICE, "s_connect: connected " + shown);
                if (tls) {
                    log.log(LogLevel.INFO, service.config().sni().map(name -> "SNI: sending servername: " + name)
                        .orElse("SNI: extension disabled"));
                }
                log.log(LogLevel.NOTICE, "Service [" + service.name() + "] connected remote server from "
                    + Addresses.format(f.channel().localAddress()));
                onConnected.accept(f.channel());
                return;
            }
            if (SocketErrors.isTimeout(f.cause())) {
                log.log(LogLevel.ERR, "s_connect: s_poll_wait " + shown + ": TIMEOUTconnect exceeded");
            } else {
                log.log(LogLevel.ERR, "s_connect: connect " + shown + ": " + SocketErrors.describe(f.cause()));
            }
            attempt(bootstrap, connection, tls, addresses, start, tried + 1, onConnected, onExhausted);
        });
    }
}
