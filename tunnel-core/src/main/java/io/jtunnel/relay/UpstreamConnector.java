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
        if (targets.isEmpty() && service.config().exec().isPresent()) {
            connectProgram(bootstrap, client, connection, tls, onConnected, onExhausted);
            return;
        }
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
     * accept+exec: the program takes the place of the upstream. It is started, and a channel of the service's
     * upstream kind (plain, or TLS in client mode) connects to the loopback bridge that carries its stdin/stdout.
     * {@code REMOTE_HOST}/{@code REMOTE_PORT} name the client and, after a server-mode handshake,
     * {@code SSL_CLIENT_DN}/{@code SSL_CLIENT_I_DN} its certificate, as stunnel sets them.
     */
    private void connectProgram(Bootstrap bootstrap, Channel client, Connection connection, boolean tls,
                                Consumer<Channel> onConnected, Runnable onExhausted) {
        LoopbackBridge bridge;
        try {
            bridge = LoopbackBridge.open();
        } catch (java.io.IOException e) {
            log.log(LogLevel.ERR, "Cannot open a loopback socket for the local program: " + SocketErrors.describe(e));
            onExhausted.run();
            return;
        }
        LocalProgram program = LocalProgram.start(service.config().exec().orElseThrow(), environment(client), log);
        bridge.start(program.stdout(), program.stdin(), log);
        int port = bridge.address().getPort();
        Bootstrap attempt = bootstrap.clone().handler(tls ? tlsInitializer(connection, port)
            : new PlainSideHandler(connection));
        attempt.connect(bridge.address()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.log(LogLevel.ERR, "s_connect: connect " + Addresses.format(bridge.address()) + ": "
                    + SocketErrors.describe(f.cause()));
                bridge.abandon();
                program.connectionEnded();
                onExhausted.run();
                return;
            }
            bridge.connected(f.channel().localAddress());
            f.channel().closeFuture().addListener(closed -> program.connectionEnded());
            if (tls) {
                log.log(LogLevel.INFO, service.config().sni().map(name -> "SNI: sending servername: " + name)
                    .orElse("SNI: extension disabled"));
            }
            onConnected.accept(f.channel());
        });
    }

    /** stunnel's env_alloc: the client's numeric address and port, and the peer certificate's names. */
    static java.util.Map<String, String> environment(Channel client) {
        java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
        if (!Boolean.TRUE.equals(client.attr(LocalEnd.NO_PEER_ADDRESS).get())
            && client.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null) {
            environment.put("REMOTE_HOST", Addresses.host(peer.getAddress()));
            environment.put("REMOTE_PORT", Integer.toString(peer.getPort()));
        }
        SslHandler ssl = client.pipeline().get(SslHandler.class);
        if (ssl != null && ssl.handshakeFuture().isSuccess()) {
            try {
                java.security.cert.Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate leaf) {
                    environment.put("SSL_CLIENT_DN", io.jtunnel.tls.CertificateNames.subject(leaf));
                    environment.put("SSL_CLIENT_I_DN", io.jtunnel.tls.CertificateNames.issuer(leaf));
                }
            } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                // no client certificate: the variables are not set
            }
        }
        return environment;
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

    /**
     * Client mode: TLS toward the upstream, sending the service's SNI name. With {@code protocol = connect} the
     * upstream is an HTTP proxy: only the CONNECT exchange is set up here, TLS follows the proxy's answer.
     */
    private ChannelInitializer<Channel> tlsInitializer(Connection connection, int port) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (service.config().httpConnect().isPresent()) {
                    channel.pipeline().addLast(PipelineNames.HTTP_CONNECT, new HttpConnectClientHandler(
                        service.config().httpConnect().get(), log,
                        io.jtunnel.config.Timeouts.millis(service.config().timeouts().busySeconds())));
                    return;
                }
                addTls(channel, connection, port);
            }
        };
    }

    private void addTls(Channel channel, Connection connection, int port) {
        SslHandler handler = service.tls().newClientHandler(channel.alloc(), service.config().sni(), port,
            ServiceChannelInitializer.busyMillis(service));
        service.tls().attachLog(handler.engine(), log);
        ServiceChannelInitializer.addTls(channel.pipeline(), service, handler);
        channel.pipeline().addLast(PipelineNames.TLS_RELAY, new TlsSideHandler(service, handler, connection));
    }

    private void logSni() {
        log.log(LogLevel.INFO, service.config().sni().map(name -> "SNI: sending servername: " + name)
            .orElse("SNI: extension disabled"));
    }

    /**
     * The proxy took the TCP connection: ask it for the tunnel, then start TLS through it. A refusal resets the
     * connection; the next {@code connect} address is not tried (stunnel's connect_client() ends the connection).
     */
    private void negotiate(Channel channel, Connection connection, int port, Consumer<Channel> onConnected) {
        connection.upstreamNegotiating(channel);
        HttpConnectClientHandler negotiation = (HttpConnectClientHandler) channel.pipeline()
            .get(PipelineNames.HTTP_CONNECT);
        negotiation.start(new HttpConnectClientHandler.Outcome() {
            @Override
            public void accepted() {
                logSni();
                addTls(channel, connection, port);
                onConnected.accept(channel);
            }

            @Override
            public void failed() {
                connection.negotiationFailed();
            }

            @Override
            public boolean ended() {
                return connection.ended();
            }
        });
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
                boolean proxied = tls && service.config().httpConnect().isPresent();
                if (tls && !proxied) {
                    logSni();
                }
                log.log(LogLevel.NOTICE, "Service [" + service.name() + "] connected remote server from "
                    + Addresses.format(f.channel().localAddress()));
                if (proxied) {
                    negotiate(f.channel(), connection, target.getPort(), onConnected);
                } else {
                    onConnected.accept(f.channel());
                }
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
