package io.jtunnel.relay;

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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One relayed connection, client (TLS) to upstream (plain), as stunnel's transfer loop runs it (reference §4.2-4.3):
 * bytes are read from a side only after the previous bytes from it were written to the other (no unbounded
 * buffering); a client's close_notify becomes a FIN to the upstream and the upstream's answer keeps flowing; the
 * upstream's FIN becomes a close_notify; the connection ends when both directions are shut, or on an error or a
 * timeout, with stunnel's closing line. Every method runs on the connection's event loop: no locking needed.
 */
final class Connection {
    /** How long a close waits for bytes already accepted to be written before it gives up on them. */
    private static final long DRAIN_LIMIT_MILLIS = 5000;

    private final RelayService service;
    private final Channel client;
    private final SslHandler tls;
    private final Timeouts timeouts;
    private final RelayTimer timer;
    private final long handshakeStartMillis = System.currentTimeMillis();
    private String id = "?";
    private LogSink log = LogSink.discard();

    private Channel upstream;
    private final List<ByteBuf> heldForUpstream = new ArrayList<>(2);
    private ChannelFuture lastToUpstream;
    private ChannelFuture lastToClient;
    private boolean wroteToUpstream;
    private boolean wroteToClient;
    private long bytesToTls;
    private long bytesToSocket;

    private boolean clientInputDone;
    private boolean upstreamOutputShut;
    private boolean upstreamInputDone;
    private boolean tlsOutputDone;
    private boolean finished;

    Connection(RelayService service, Channel client, SslHandler tls) {
        this.service = service;
        this.client = client;
        this.tls = tls;
        this.timeouts = service.config().timeouts();
        this.timer = new RelayTimer(client.eventLoop(), this::idleTimeout, this::closeTimeout);
    }

    // ---- client side events

    void accepted() {
        id = ConnectionIds.next(service.config().policy().logId(), service.connectionIds());
        LogSink sink = service.log().sink(id);
        log = (level, text) -> {
            if (!service.stopping().get()) {
                sink.log(level, text);
            }
        };
        service.channels().add(client);
        log.log(LogLevel.NOTICE, "Service [" + service.name() + "] accepted connection from "
            + Addresses.format(client.remoteAddress()));
        client.read(); // drives the handshake; AUTO_READ is off
    }

    void handshakeSucceeded() {
        SSLSession session = tls.engine().getSession();
        logHandshake(session);
        new UpstreamConnector(service, log).connect(client, this, this::upstreamConnected, this::noUpstream);
    }

    void handshakeFailed(Throwable cause) {
        if (finished) {
            return;
        }
        if (TlsFailures.isTimeout(cause)) {
            log.log(LogLevel.INFO, "ssl_start: s_poll_wait: TIMEOUTbusy exceeded: sending reset");
        } else {
            PeerCertificateRejectedException rejected = TlsFailures.rejection(cause);
            if (rejected != null) {
                log.log(LogLevel.WARNING, rejected.detail());
                log.log(LogLevel.WARNING, "Rejected by CERT at depth=" + rejected.depth() + ": " + rejected.subject());
            }
            boolean plainHttp = Boolean.TRUE.equals(client.attr(PlainHttpDetector.PLAIN_HTTP).get());
            log.log(LogLevel.ERR, "SSL_accept: " + (plainHttp ? "http request" : TlsFailures.reason(cause)));
            log.log(LogLevel.DEBUG, "SSL_accept: " + TlsFailures.chain(cause));
        }
        finish(true);
    }

    void fromClient(ByteBuf data) {
        timer.touch();
        bytesToSocket += data.readableBytes();
        if (upstream == null) {
            heldForUpstream.add(data); // decrypted with the handshake's last read, before the upstream connected
            return;
        }
        lastToUpstream = upstream.write(data);
        wroteToUpstream = true;
    }

    void clientReadComplete() {
        if (!clientInputDone && service.tls().engine().peerSentCloseNotify(tls.engine())) {
            clientCloseNotify();
        }
        if (upstream != null && wroteToUpstream) {
            wroteToUpstream = false;
            upstream.flush();
            lastToUpstream.addListener(afterWrite(() -> {
                if (!clientInputDone) {
                    client.read();
                }
            }, "writesocket"));
        }
    }

    /** The client sent close_notify: stop reading it, pass a FIN on to the upstream, keep relaying its answer. */
    void clientCloseNotify() {
        if (clientInputDone || finished) {
            return;
        }
        clientInputDone = true;
        log.log(LogLevel.INFO, "TLS closed (SSL_read)");
        timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
        shutdownUpstreamOutputWhenWritten();
    }

    /** TCP end of stream from the client. Without a close_notify first, TLS is considered shut both ways. */
    void clientEndOfStream() {
        if (finished || clientInputDone) {
            return;
        }
        clientInputDone = true;
        log.log(LogLevel.INFO, "TLS socket closed (SSL_read)");
        tlsOutputDone = true; // stunnel sends no close_notify to a peer that vanished without one
        timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
        shutdownUpstreamOutputWhenWritten();
    }

    void clientInactive() {
        if (!finished) {
            log.log(LogLevel.INFO, "TLS socket closed (SSL_read)");
            finish(true);
        }
    }

    void clientError(Throwable cause) {
        if (finished) {
            return;
        }
        if (!tls.handshakeFuture().isDone()) {
            return; // reported once, by handshakeFailed
        }
        log.log(LogLevel.ERR, "SSL_read: " + describe(cause));
        finish(true);
    }

    // ---- upstream side events

    private void upstreamConnected(Channel channel) {
        upstream = channel;
        service.channels().add(channel);
        if (finished || !client.isActive()) {
            finish(true);
            return;
        }
        timer.startIdle(Timeouts.millis(timeouts.idleSeconds()));
        if (clientInputDone) {
            timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
        }
        for (ByteBuf held : heldForUpstream) {
            lastToUpstream = upstream.write(held);
        }
        boolean heldAny = !heldForUpstream.isEmpty();
        heldForUpstream.clear();
        if (heldAny) {
            upstream.flush();
            lastToUpstream.addListener(afterWrite(() -> {
                if (!clientInputDone) {
                    client.read();
                }
            }, "writesocket"));
        } else if (!clientInputDone) {
            client.read();
        }
        if (clientInputDone) {
            shutdownUpstreamOutputWhenWritten();
        }
        upstream.read();
    }

    private void noUpstream() {
        log.log(LogLevel.ERR, "No more addresses to connect");
        finish(true);
    }

    void fromUpstream(ByteBuf data) {
        timer.touch();
        if (tlsOutputDone) {
            log.log(LogLevel.ERR, "TLS socket closed (SSL_write) with " + data.readableBytes() + " unsent byte(s)");
            data.release();
            finish(true);
            return;
        }
        bytesToTls += data.readableBytes();
        lastToClient = client.write(data);
        wroteToClient = true;
    }

    void upstreamReadComplete() {
        if (wroteToClient && !finished) {
            wroteToClient = false;
            client.flush();
            lastToClient.addListener(afterWrite(() -> {
                if (!upstreamInputDone) {
                    upstream.read();
                }
            }, "SSL_write"));
        }
    }

    /** The upstream finished sending: once its bytes are in TLS, send close_notify; the client may still send. */
    void upstreamEndOfStream() {
        if (finished || upstreamInputDone) {
            return;
        }
        upstreamInputDone = true;
        log.log(LogLevel.INFO, "Read socket closed (readsocket)");
        timer.startClosing(Timeouts.millis(timeouts.closeSeconds()));
        whenWritten(lastToClient, this::sendCloseNotify);
    }

    void upstreamInactive() {
        if (!finished) {
            log.log(LogLevel.INFO, "Remote socket closed");
            finish(true);
        }
    }

    void upstreamError(Throwable cause) {
        if (!finished) {
            log.log(LogLevel.ERR, "readsocket: " + SocketErrors.describe(cause));
            finish(true);
        }
    }

    // ---- closing

    private void shutdownUpstreamOutputWhenWritten() {
        if (upstream == null) {
            return; // done in upstreamConnected
        }
        whenWritten(lastToUpstream, () -> {
            if (finished) {
                return;
            }
            ((DuplexChannel) upstream).shutdownOutput().addListener((ChannelFutureListener) f -> {
                upstreamOutputShut = true;
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
        if (!finished && upstreamOutputShut && tlsOutputDone) {
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
        heldForUpstream.forEach(ByteBuf::release);
        heldForUpstream.clear();
        log.log(LogLevel.NOTICE, "Connection " + (reset ? "reset" : "closed") + ": " + bytesToTls
            + " byte(s) sent to TLS, " + bytesToSocket + " byte(s) sent to socket");
        if (reset && service.config().policy().reset()) {
            abort(client);
            abort(upstream);
            return;
        }
        whenWritten(lastToClient, () -> closeWithin(client));
        whenWritten(lastToUpstream, () -> closeWithin(upstream));
        client.eventLoop().schedule(() -> {
            abort(client);
            abort(upstream);
        }, DRAIN_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void closeWithin(Channel channel) {
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

    private void logHandshake(SSLSession session) {
        boolean reused = service.tls().engine().sessionReused(tls.engine(), handshakeStartMillis);
        log.log(LogLevel.INFO, "TLS accepted: " + (reused ? "previous session reused" : "new session negotiated"));
        log.log(LogLevel.INFO, session.getProtocol() + " ciphersuite: " + session.getCipherSuite() + " ("
            + CipherStrength.bits(session.getCipherSuite()) + "-bit encryption)");
        if (!service.config().verification().request()) {
            return;
        }
        try {
            Certificate[] peer = session.getPeerCertificates();
            if (!service.config().verification().verifies()) {
                log.log(LogLevel.INFO, "Certificate verification disabled");
                log.log(LogLevel.INFO, "Peer certificate: " + CertificateNames.subject((X509Certificate) peer[0]));
                return;
            }
            for (int depth = peer.length - 1; depth >= 0; depth--) {
                log.log(depth == 0 ? LogLevel.NOTICE : LogLevel.INFO, "Certificate accepted at depth=" + depth + ": "
                    + CertificateNames.subject((X509Certificate) peer[depth]));
            }
        } catch (SSLPeerUnverifiedException none) {
            log.log(LogLevel.INFO, "No peer certificate received");
        }
    }
}
