package io.jtunnel.relay;

import io.jtunnel.config.ConnectTarget;
import io.jtunnel.config.Timeouts;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.jtunnel.tls.CertificateNames;
import io.jtunnel.tls.PeerCertificateRejectedException;
import io.jtunnel.tls.TlsFailures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One relayed connection between a TLS side and a plain side, as stunnel's transfer loop runs it (reference
 * §4.2-4.3): bytes are read from a side only after the previous bytes from it were written to the other (no
 * unbounded buffering); a close_notify from the TLS peer becomes a FIN on the plain side while the plain side's
 * answer keeps flowing; a FIN from the plain side becomes a close_notify; the connection ends when both directions are
 * shut, or on an error or a timeout, with stunnel's closing line. In server mode the accepted socket is the TLS side
 * and the upstream the plain one; in client mode ({@code client = yes}) the other way round. Every method runs on
 * the accepted channel's event loop (the upstream is opened on the same loop): no locking needed.
 */
final class Connection {
    /** How long a close waits for bytes already accepted to be written before it gives up on them. */
    private static final long DRAIN_LIMIT_MILLIS = 5000;

    // the primary's until SNI selects a virtual service (selectService), then that one's
    private RelayService service;
    private final Channel accepted;
    private final boolean clientMode;
    private Timeouts timeouts;
    private final RelayTimer timer;
    private long handshakeStartMillis = System.currentTimeMillis();
    private LogSink log = LogSink.discard();
    // server mode, protocol = connect: the target the CONNECT request named; otherwise null, and the (possibly
    // SNI-selected) service's own connect list applies
    private List<ConnectTarget> requestedTargets;

    private Channel tlsChannel;
    private SslHandler tls;
    private Channel plainChannel;
    // bytes that arrived before both sides were ready; one read's worth at most, as no further read is asked for
    private final List<ByteBuf> heldForPlain = new ArrayList<>(2);
    private final List<ByteBuf> heldForTls = new ArrayList<>(2);
    private ChannelFuture lastToPlain;
    private ChannelFuture lastToTls;
    private boolean wroteToPlain;
    private boolean wroteToTls;
    private long bytesToTls;
    private long bytesToSocket;

    private boolean relaying;
    private boolean tlsInputDone;
    private boolean plainOutputShut;
    private boolean plainInputDone;
    private boolean tlsOutputDone;
    private boolean finished;

    Connection(RelayService service, Channel accepted) {
        this.service = service;
        this.accepted = accepted;
        this.clientMode = service.config().client();
        this.timeouts = service.config().timeouts();
        this.timer = new RelayTimer(accepted.eventLoop(), this::idleTimeout, this::closeTimeout);
    }

    // ---- set-up

    /** A client connected. Server mode: {@code acceptedTls} drives its handshake. Client mode: it is null. */
    void accepted(SslHandler acceptedTls) {
        String id = LocalEnd.logId(accepted, service);
        LogSink sink = service.log().sink(id);
        log = (level, text) -> {
            if (!service.stopping().get()) {
                sink.log(level, text);
            }
        };
        service.channels().add(accepted);
        log.log(LogLevel.NOTICE, LocalEnd.acceptedLine(accepted, service.name()));
        UpstreamConnector connector = new UpstreamConnector(service, log);
        if (clientMode) {
            plainChannel = accepted; // not read until the TLS side is ready
            connector.connect(accepted, this, true, service.config().connect(), this::tlsUpstreamConnected,
                this::noUpstream);
        } else {
            tlsChannel = accepted;
            tls = acceptedTls; // null with virtual services: selectService comes first
            if (tls != null) {
                service.tls().attachLog(tls.engine(), log);
            }
            if (service.virtualServices().isEmpty()) {
                log.log(LogLevel.DEBUG, "SNI: no virtual services defined");
            }
            if (accepted.pipeline().get(PipelineNames.HTTP_CONNECT) instanceof HttpConnectServerHandler request) {
                request.start(log, new HttpConnectServerHandler.Outcome() {
                    @Override
                    public void accepted(ConnectTarget target) {
                        connectRequested(target);
                    }

                    @Override
                    public void failed() {
                        negotiationFailed();
                    }
                });
                return;
            }
            accepted.read(); // drives the handshake; AUTO_READ is off
        }
    }

    /**
     * stunnel's servername_cb for a service with virtual services: the client's server name ({@code null} when it
     * sent none) selects the first virtual service whose pattern matches; without a match the primary stays. From
     * then on the selected service's TLS settings, connect targets, timeouts and name apply; the log keeps the
     * primary's level and the connection's id, as stunnel's does.
     */
    RelayService selectService(String serverName) {
        if (serverName == null) {
            log.log(LogLevel.NOTICE, "SNI: no servername received");
            return service;
        }
        log.log(LogLevel.INFO, "SNI: requested servername: " + serverName);
        for (RelayService.Virtual virtual : service.virtualServices()) {
            if (virtual.sni().matches(serverName)) {
                log.log(LogLevel.DEBUG, "SNI: matched pattern: " + virtual.sni().pattern());
                service = virtual.service();
                timeouts = service.config().timeouts();
                log.log(LogLevel.NOTICE, "SNI: switched to service [" + service.name() + "]");
                return service;
            }
        }
        log.log(LogLevel.ERR, "SNI: no pattern matched servername: " + serverName);
        return service;
    }

    /** The selected service's TLS handler, now in the pipeline, drives the rest of the handshake. */
    void tlsSelected(SslHandler handler) {
        tls = handler;
        service.tls().attachLog(handler.engine(), log);
    }

    /** Server mode, {@code protocol = connect}: the client was told 200 and TLS is in place; it starts now. */
    private void connectRequested(ConnectTarget target) {
        requestedTargets = List.of(target);
        if (!finished) {
            accepted.read();
        }
    }

    /** Client mode, {@code protocol = connect}: the proxy took the TCP connection; TLS waits for its answer. */
    void upstreamNegotiating(Channel channel) {
        service.channels().add(channel);
        tlsChannel = channel;
        if (finished) {
            abort(channel);
        }
    }

    /** The CONNECT exchange failed (logged already): reset, as stunnel's exception does; no other address is tried. */
    void negotiationFailed() {
        finish(true);
    }

    boolean ended() {
        return finished;
    }

    private void tlsUpstreamConnected(Channel channel) {
        service.channels().add(channel);
        tlsChannel = channel;
        tls = channel.pipeline().get(SslHandler.class);
        handshakeStartMillis = System.currentTimeMillis();
        if (finished) {
            abort(channel);
            return;
        }
        channel.read(); // the server's hello; the handshake itself started when the socket connected
    }

    private void plainUpstreamConnected(Channel channel) {
        service.channels().add(channel);
        plainChannel = channel;
        startRelay();
    }

    void tlsHandshakeSucceeded() {
        if (finished) {
            return;
        }
        SSLSession session = tls.engine().getSession();
        logHandshake(session);
        if (clientMode) {
            startRelay();
            return;
        }
        if (service.tls().redirectCheck() == null) {
            connectUpstream(true);
        } else if (service.tls().verificationTasks() == null) {
            connectUpstream(authenticated(session));
        } else {
            // the verdict may wait for an OCSP responder: judged off the event loop, continued back on it
            service.tls().verificationTasks().execute(() -> {
                boolean authenticated = authenticated(session);
                accepted.eventLoop().execute(() -> connectUpstream(authenticated));
            });
        }
    }

    private void connectUpstream(boolean authenticated) {
        if (finished) {
            return;
        }
        List<ConnectTarget> targets = requestedTargets != null ? requestedTargets : service.config().connect();
        if (!authenticated) {
            log.log(LogLevel.NOTICE, "Redirecting connection");
            targets = service.config().redirect();
        }
        new UpstreamConnector(service, log).connect(accepted, this, false, targets, this::plainUpstreamConnected,
            this::noUpstream);
    }

    void tlsHandshakeFailed(Throwable cause) {
        if (finished) {
            return;
        }
        String where = clientMode ? "SSL_connect: " : "SSL_accept: ";
        if (TlsFailures.isTimeout(cause)) {
            log.log(LogLevel.INFO, "ssl_start: s_poll_wait: TIMEOUTbusy exceeded: sending reset");
        } else {
            PeerCertificateRejectedException rejected = TlsFailures.rejection(cause);
            if (rejected != null) {
                logRejection(rejected);
            }
            boolean plainHttp = Boolean.TRUE.equals(tlsChannel.attr(PlainHttpDetector.PLAIN_HTTP).get());
            log.log(LogLevel.ERR, where + (plainHttp ? "http request" : TlsFailures.reason(cause)));
            log.log(LogLevel.DEBUG, where + TlsFailures.chain(cause));
        }
        finish(true);
    }

    /** Both sides are connected and TLS is up: bytes flow from now on. */
    private void startRelay() {
        if (finished || !tlsChannel.isActive() || !plainChannel.isActive()) {
            finish(true);
            return;
        }
        relaying = true;
        timer.startIdle(Timeouts.millis(timeouts.idleSeconds()));
        if (service.config().policy().proxyHeader()) {
            lastToPlain = plainChannel.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(
                ProxyHeader.line(accepted.remoteAddress(), accepted.localAddress()),
                java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (tlsInputDone) {
            timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
        }
        for (ByteBuf held : heldForPlain) {
            lastToPlain = plainChannel.write(held);
        }
        boolean heldAny = !heldForPlain.isEmpty();
        heldForPlain.clear();
        if (heldAny) {
            plainChannel.flush();
            lastToPlain.addListener(afterWrite(this::readTlsIfOpen, "writesocket"));
        } else {
            readTlsIfOpen();
        }
        if (tlsInputDone) {
            shutdownPlainOutputWhenWritten();
        }
        // epoll reads what is pending at a read hang-up even with AUTO_READ off: such bytes wait here
        for (ByteBuf held : heldForTls) {
            lastToTls = tlsChannel.write(held);
        }
        if (!heldForTls.isEmpty()) {
            heldForTls.clear();
            tlsChannel.flush();
        }
        if (plainInputDone) {
            timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
            whenWritten(lastToTls, this::sendCloseNotify);
        } else if (lastToTls != null) {
            lastToTls.addListener(afterWrite(plainChannel::read, "SSL_write"));
        } else {
            plainChannel.read();
        }
    }

    private void noUpstream() {
        log.log(LogLevel.ERR, "No more addresses to connect");
        finish(true);
    }

    // ---- TLS side

    void fromTls(ByteBuf data) {
        timer.touch();
        bytesToSocket += data.readableBytes();
        if (!relaying) {
            heldForPlain.add(data); // decrypted with the handshake's last read, before the plain side is ready
            return;
        }
        lastToPlain = plainChannel.write(data);
        wroteToPlain = true;
    }

    void tlsReadComplete() {
        // before the handshake ends no close_notify can have come, and a verification task may hold the engine's lock
        if (!tlsInputDone && tls != null && tls.handshakeFuture().isDone()
            && service.tls().engine().peerSentCloseNotify(tls.engine())) {
            tlsCloseNotify();
        }
        if (relaying && wroteToPlain) {
            wroteToPlain = false;
            plainChannel.flush();
            lastToPlain.addListener(afterWrite(this::readTlsIfOpen, "writesocket"));
        }
    }

    private void readTlsIfOpen() {
        if (!tlsInputDone) {
            tlsChannel.read();
        }
    }

    /** The TLS peer sent close_notify: stop reading it, pass a FIN to the plain side, keep relaying its answer. */
    void tlsCloseNotify() {
        if (tlsInputDone || finished) {
            return;
        }
        tlsInputDone = true;
        log.log(LogLevel.INFO, "TLS closed (SSL_read)");
        if (relaying) {
            timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
            shutdownPlainOutputWhenWritten();
        }
    }

    /** TCP end of stream on the TLS side. Without a close_notify first, TLS is considered shut both ways. */
    void tlsEndOfStream() {
        if (finished || tlsInputDone) {
            return;
        }
        tlsInputDone = true;
        log.log(LogLevel.INFO, "TLS socket closed (SSL_read)");
        tlsOutputDone = true; // stunnel sends no close_notify to a peer that vanished without one
        if (relaying) {
            timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
            shutdownPlainOutputWhenWritten();
        } else {
            finish(true);
        }
    }

    void tlsInactive() {
        if (!finished) {
            log.log(LogLevel.INFO, "TLS socket closed (SSL_read)");
            finish(true);
        }
    }

    void tlsError(Throwable cause) {
        if (finished || tls == null || !tls.handshakeFuture().isDone()) {
            return; // before the handshake ends, it is reported once, by tlsHandshakeFailed
        }
        log.log(LogLevel.ERR, "SSL_read: " + describe(cause));
        finish(true);
    }

    // ---- plain side

    void fromPlain(ByteBuf data) {
        timer.touch();
        if (tlsOutputDone) {
            log.log(LogLevel.ERR, "TLS socket closed (SSL_write) with " + data.readableBytes() + " unsent byte(s)");
            data.release();
            finish(true);
            return;
        }
        bytesToTls += data.readableBytes();
        if (!relaying) {
            heldForTls.add(data);
            return;
        }
        lastToTls = tlsChannel.write(data);
        wroteToTls = true;
    }

    void plainReadComplete() {
        if (wroteToTls && !finished) {
            wroteToTls = false;
            tlsChannel.flush();
            lastToTls.addListener(afterWrite(() -> {
                if (!plainInputDone) {
                    plainChannel.read();
                }
            }, "SSL_write"));
        }
    }

    /** The plain side finished sending: once its bytes are in TLS, send close_notify; the TLS peer may still send. */
    void plainEndOfStream() {
        if (finished || plainInputDone) {
            return;
        }
        plainInputDone = true;
        log.log(LogLevel.INFO, "Read socket closed (readsocket)");
        if (!relaying) {
            return; // a client-mode client that sent everything at once: startRelay passes the end on
        }
        timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
        whenWritten(lastToTls, this::sendCloseNotify);
    }

    void plainInactive() {
        if (!finished) {
            log.log(LogLevel.INFO, clientMode ? "Local socket closed" : "Remote socket closed");
            finish(true);
        }
    }

    void plainError(Throwable cause) {
        if (!finished) {
            log.log(LogLevel.ERR, "readsocket: " + SocketErrors.describe(cause));
            finish(true);
        }
    }

    // ---- closing

    private void shutdownPlainOutputWhenWritten() {
        whenWritten(lastToPlain, () -> {
            if (finished) {
                return;
            }
            ((DuplexChannel) plainChannel).shutdownOutput().addListener((ChannelFutureListener) f -> {
                plainOutputShut = true;
                log.log(LogLevel.DEBUG, "Sent socket write shutdown");
                finishIfDone();
            });
        });
    }

    private void sendCloseNotify() {
        if (finished || tlsOutputDone) {
            finishIfDone();
            return;
        }
        log.log(LogLevel.DEBUG, "Sending close_notify alert");
        tls.closeOutbound().addListener((ChannelFutureListener) f -> {
            tlsOutputDone = true;
            if (f.isSuccess()) {
                log.log(LogLevel.INFO, "SSL_shutdown successfully sent close_notify alert");
            }
            finishIfDone();
        });
    }

    /** stunnel's loop ends when the plain write side is shut and close_notify is sent (or TLS is gone). */
    private void finishIfDone() {
        if (!finished && plainOutputShut && tlsOutputDone) {
            finish(false);
        }
    }

    private void idleTimeout() {
        if (!finished) {
            log.log(LogLevel.INFO, "transfer: s_poll_wait: TIMEOUTidle exceeded: sending reset");
            finish(true);
        }
    }

    private void closeTimeout() {
        if (!finished) {
            log.log(LogLevel.ERR, "transfer: s_poll_wait: TIMEOUTclose exceeded: closing");
            finish(false);
        }
    }

    /**
     * Ends the connection once. A normal close lets bytes already accepted reach their side first (bounded by
     * {@link #DRAIN_LIMIT_MILLIS}); a reset closes at once with TCP RST, as stunnel's {@code reset = yes} (the
     * default) does; with {@code reset = no} it closes as a normal close does.
     */
    private void finish(boolean reset) {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel();
        heldForPlain.forEach(ByteBuf::release);
        heldForPlain.clear();
        heldForTls.forEach(ByteBuf::release);
        heldForTls.clear();
        log.log(LogLevel.NOTICE, "Connection " + (reset ? "reset" : "closed") + ": " + bytesToTls
            + " byte(s) sent to TLS, " + bytesToSocket + " byte(s) sent to socket");
        // the accepted channel is always one of the two sides; the other is null until it connected
        if (reset && service.config().policy().reset()) {
            abort(tlsChannel);
            abort(plainChannel);
            return;
        }
        whenWritten(lastToTls, () -> close(tlsChannel));
        whenWritten(lastToPlain, () -> close(plainChannel));
        ScheduledFuture<?> forced = accepted.eventLoop().schedule(() -> {
            abort(tlsChannel);
            abort(plainChannel);
        }, DRAIN_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        // once both sides closed by themselves the guard goes, so the connection is not held for the drain limit
        Runnable cancelWhenClosed = () -> {
            if (isClosed(tlsChannel) && isClosed(plainChannel)) {
                forced.cancel(false);
            }
        };
        for (Channel channel : new Channel[] {tlsChannel, plainChannel}) {
            if (channel != null) {
                channel.closeFuture().addListener(f -> cancelWhenClosed.run());
            }
        }
    }

    private static boolean isClosed(Channel channel) {
        return channel == null || !channel.isOpen();
    }

    private static void close(Channel channel) {
        if (channel != null) {
            channel.close();
        }
    }

    private static void abort(Channel channel) {
        if (channel != null && channel.isOpen()) {
            if (channel.isActive()) {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            channel.close();
        }
    }

    private static void whenWritten(ChannelFuture last, Runnable action) {
        if (last == null || last.isDone()) {
            action.run();
        } else {
            last.addListener((ChannelFutureListener) f -> action.run());
        }
    }

    private ChannelFutureListener afterWrite(Runnable next, String where) {
        return f -> {
            if (f.isSuccess()) {
                timer.touch();
                if (!finished) {
                    next.run();
                }
            } else if (!finished) {
                log.log(LogLevel.ERR, where + ": " + describe(f.cause()));
                finish(true);
            }
        };
    }

    private static String describe(Throwable cause) {
        return cause instanceof java.io.IOException && !(cause instanceof javax.net.ssl.SSLException)
            ? SocketErrors.describe(cause) : TlsFailures.reason(cause);
    }

    /**
     * With {@code redirect}: whether the client proved who it is, judged after the handshake on the chain the session
     * holds (a resumed session is judged again, never trusted for having been resumed).
     */
    private boolean authenticated(SSLSession session) {
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException none) {
            return false;
        }
        try {
            service.tls().redirectCheck().verify(java.util.Arrays.copyOf(peer, peer.length, X509Certificate[].class),
                log);
            logAccepted(peer);
            return true;
        } catch (PeerCertificateRejectedException rejected) {
            logRejection(rejected);
            return false;
        } catch (java.security.cert.CertificateException | RuntimeException e) {
            return false;
        }
    }

    /** stunnel's lines for a rejected peer: the reason (OCSP's lines were logged as the check ran), then the verdict. */
    private void logRejection(PeerCertificateRejectedException rejected) {
        if (rejected.detail() != null) {
            log.log(LogLevel.WARNING, rejected.detail());
        }
        log.log(LogLevel.WARNING, rejected.rejectionLine());
    }

    private void logAccepted(Certificate[] peer) {
        for (int depth = peer.length - 1; depth >= 0; depth--) {
            log.log(depth == 0 ? LogLevel.NOTICE : LogLevel.INFO, "Certificate accepted at depth=" + depth + ": "
                + CertificateNames.subject((X509Certificate) peer[depth]));
        }
    }

    private void logHandshake(SSLSession session) {
        boolean reused = service.tls().engine().sessionReused(tls.engine(), handshakeStartMillis);
        log.log(LogLevel.INFO, (clientMode ? "TLS connected: " : "TLS accepted: ")
            + (reused ? "previous session reused" : "new session negotiated"));
        log.log(LogLevel.INFO, session.getProtocol() + " ciphersuite: " + session.getCipherSuite() + " ("
            + CipherStrength.bits(session.getCipherSuite()) + "-bit encryption)");
        if (!clientMode && !service.config().verification().request()) {
            return;
        }
        try {
            Certificate[] peer = session.getPeerCertificates();
            if (!service.config().verification().verifies()) {
                log.log(LogLevel.INFO, "Certificate verification disabled");
                log.log(LogLevel.INFO, "Peer certificate: " + CertificateNames.subject((X509Certificate) peer[0]));
                return;
            }
            if (service.tls().redirectCheck() == null) {
                logAccepted(peer); // with redirect, the verdict comes after the handshake
            }
        } catch (SSLPeerUnverifiedException none) {
            log.log(LogLevel.INFO, "No peer certificate received");
        }
    }
}
