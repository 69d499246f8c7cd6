package io.jtunnel.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/** A service's TLS: its built context, the engine behind it and its own certificate. Immutable; each new connection takes a handler. */
public record ServiceTls(SslContext context, TlsEngine engine, java.security.cert.X509Certificate leafCertificate) {

    /** A server-side handler for a new connection, with the TLS handshake bounded by {@code handshakeTimeoutMillis}. */
    public SslHandler newServerHandler(ByteBufAllocator allocator, long handshakeTimeoutMillis) {
        SslHandler handler = context.newHandler(allocator);
        engine.prepare(handler.engine());
        handler.setHandshakeTimeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        return handler;
    }
}
