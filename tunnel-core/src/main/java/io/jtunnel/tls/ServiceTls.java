package io.jtunnel.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * A service's TLS: its built context, the engine behind it and its own certificate (null for a client without one).
 * With {@code redirect}, {@code redirectCheck} judges each client after its handshake (null otherwise). Tickets are
 * off with {@code sessionResume = no} or {@code options = NO_TICKET}; {@code serverCipherOrder} is
 * {@code options = CIPHER_SERVER_PREFERENCE}, already set on the context when {@code cipherOrderInContext}, else set
 * on each connection's engine. {@code psk} is the TLS-PSK key manager with {@code PSKsecrets}, else null.
 * {@code verifier} checks the peer (null when nothing is verified);
 * when its checks may block (OCSP), {@code verificationTasks} runs the engine's delegated tasks, so the handshake's
 * certificate check happens there instead of on the event loop (null: tasks run on the event loop, Netty's default).
 * Immutable; each new connection takes a handler.
 */
public record ServiceTls(SslContext context, TlsEngine engine, java.security.cert.X509Certificate leafCertificate,
                         boolean sessionTickets, PeerCertificateVerifier redirectCheck,
                         boolean serverCipherOrder, PskKeyManager psk,
                         PeerCertificateVerifier verifier, java.util.concurrent.Executor verificationTasks,
                         boolean cipherOrderInContext) {

    /**
     * Has what the handshake of {@code engine} logs (the PSK lookups, the OCSP checks) go to {@code log}, the
     * connection's log.
     */
    public void attachLog(javax.net.ssl.SSLEngine sslEngine, io.jtunnel.log.LogSink log) {
        if (psk != null) {
            psk.bind(sslEngine, log);
        }
        if (verifier != null) {
            verifier.attachLog(sslEngine, log);
        }
    }

    private SslHandler handler(ByteBufAllocator allocator) {
        return verificationTasks == null ? context.newHandler(allocator)
            : context.newHandler(allocator, verificationTasks);
    }

    /** A server-side handler for a new connection, with the TLS handshake bounded by {@code handshakeTimeoutMillis}. */
    public SslHandler newServerHandler(ByteBufAllocator allocator, long handshakeTimeoutMillis) {
        SslHandler handler = handler(allocator);
        engine.prepare(handler.engine());
        if (!sessionTickets) {
            engine.disableTickets(handler.engine());
        }
        if (!cipherOrderInContext) {
            // stunnel (OpenSSL) follows the client's order unless CIPHER_SERVER_PREFERENCE; Netty defaults to the
            // server's, so an engine that cannot set it on the context gets it here, either way
            javax.net.ssl.SSLParameters parameters = handler.engine().getSSLParameters();
            parameters.setUseCipherSuitesOrder(serverCipherOrder);
            handler.engine().setSSLParameters(parameters);
        }
        handler.setHandshakeTimeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        return handler;
    }

    /**
     * Sets the SNI name explicitly: the engines send none by themselves for a name without a dot ({@code localhost})
     * or for an IP literal, where stunnel sends the {@code connect} host as it is.
     */
    private static void sendServerName(javax.net.ssl.SSLEngine sslEngine, String name) {
        try {
            javax.net.ssl.SSLParameters parameters = sslEngine.getSSLParameters();
            parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(name)));
            sslEngine.setSSLParameters(parameters);
        } catch (IllegalArgumentException notAHostName) {
            // not a valid SNI host name: the handshake goes on without one
        }
    }

    /**
     * A client-side handler for a connection to {@code port}, sending {@code sni} as the server name when present;
     * the name also keys the client's session cache, so a reconnection can resume.
     */
    public SslHandler newClientHandler(ByteBufAllocator allocator, java.util.Optional<String> sni, int port,
                                       long handshakeTimeoutMillis) {
        SslHandler handler = sni.map(name -> verificationTasks == null ? context.newHandler(allocator, name, port)
                : context.newHandler(allocator, name, port, verificationTasks))
            .orElseGet(() -> handler(allocator));
        sni.ifPresent(name -> sendServerName(handler.engine(), name));
        engine.prepare(handler.engine());
        handler.setHandshakeTimeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        return handler;
    }
}
