package io.jtunnel.tls;

import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import java.lang.reflect.Field;
import javax.net.ssl.SSLEngine;

/**
 * Netty's tcnative engine on BoringSSL: the default, as it is the fastest engine here and uses the least native
 * memory per connection (reference/tls-engines.md).
 *
 * <p>BoringSSL itself lets a server keep writing after the peer's close_notify (only SSL_shutdown stops writes), but
 * Netty's engine calls SSL_shutdown as soon as it reads one, guarded by its private {@code receivedShutdown} flag.
 * Setting that flag before the handshake keeps the outbound side open, so a half-closing client still gets the
 * upstream's answer as with stunnel; the close_notify is then detected from BoringSSL's own shutdown state. If the
 * field ever disappears, jtunnel says so once and runs with Netty's behaviour.
 */
final class TcnativeTlsEngine implements TlsEngine {
    private final Field receivedShutdown;
    private final Field cipherContextField;

    TcnativeTlsEngine(LogSink log) {
        this.receivedShutdown = findReceivedShutdown(log);
        this.cipherContextField = findContextField();
    }

    private static Field findContextField() {
        try {
            Field field = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            field.setAccessible(true);
            return field.getType() == long.class ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // then "ciphers" with OpenSSL syntax is refused clearly
        }
    }

    static boolean available() {
        return OpenSsl.isAvailable();
    }

    private static Field findReceivedShutdown(LogSink log) {
        try {
            Field field = ReferenceCountedOpenSslEngine.class.getDeclaredField("receivedShutdown");
            if (field.getType() != boolean.class) {
                throw new NoSuchFieldException("receivedShutdown is not a boolean");
            }
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.log(LogLevel.WARNING, "TLS engine openssl: cannot keep the TLS side writable after a client's"
                + " close_notify (" + e + "); a client that half-closes will not receive the rest of the answer");
            return null;
        }
    }

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public String description() {
        return "netty-tcnative " + OpenSsl.versionString() + " (OpenSSL API " + Long.toHexString(OpenSsl.version())
            + ")";
    }

    @Override
    public SslContextBuilder configure(SslContextBuilder builder) {
        return builder.sslProvider(SslProvider.OPENSSL);
    }

    /** tcnative's USE_TASKS: BoringSSL's verify callback returns "retry" and the check runs as a delegated task. */
    @Override
    public void delegateVerification(SslContextBuilder builder) {
        builder.option(io.netty.handler.ssl.OpenSslContextOption.USE_TASKS, true);
    }

    @Override
    public void prepare(SSLEngine engine) {
        if (receivedShutdown != null && engine instanceof ReferenceCountedOpenSslEngine openSslEngine) {
            synchronized (openSslEngine) { // the engine reads the flag under its own lock
                try {
                    receivedShutdown.setBoolean(openSslEngine, true);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * Ticket keys for {@code ticketKeySecret}/{@code ticketMacSecret}: tcnative takes a 16-byte name, HMAC key and
     * AES key; secrets of 32 bytes are folded to 16 with SHA-256, and the name is derived from both, so every
     * instance given the same secrets makes and reads the same tickets.
     */
    @Override
    public void configureSessions(io.netty.handler.ssl.SslContext context, io.jtunnel.config.SessionSettings sessions) {
        if (!(context.sessionContext() instanceof io.netty.handler.ssl.OpenSslSessionContext openSsl)) {
            return;
        }
        if (!sessions.resume()) {
            openSsl.setSessionCacheEnabled(false);
        }
        sessions.tickets().ifPresent(secrets -> openSsl.setTicketKeys(new io.netty.handler.ssl.OpenSslSessionTicketKey(
            sixteen("jtunnel ticket name", secrets.key(), secrets.mac()), sixteen("jtunnel ticket hmac", secrets.mac()),
            sixteen("jtunnel ticket aes", secrets.key()))));
    }

    private static byte[] sixteen(String purpose, byte[]... parts) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (byte[] part : parts) {
                sha.update(part);
            }
            return java.util.Arrays.copyOf(sha.digest(), 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    @Override
    public boolean disablesTicketsPerConnection() {
        return true;
    }

    /** Per connection, as the context-wide option is undone by Netty (reference/tls-engines.md §5). */
    @Override
    public void disableTickets(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSslEngine) {
            synchronized (openSslEngine) {
                long ssl = openSslEngine.sslPointer();
                if (ssl != 0) {
                    SSL.setOptions(ssl, SSL.SSL_OP_NO_TICKET);
                }
            }
        }
    }

    @Override
    public boolean honoursTls13Suites() {
        return false;
    }

    @Override
    public boolean expandsCipherStrings() {
        return cipherContextField != null;
    }

    /**
     * Hands the string to BoringSSL, which expands it as OpenSSL does. tcnative's call needs its own context handle,
     * the protected {@code ctx} field; the public {@code sslCtxPointer()} is the raw SSL_CTX and crashes that call.
     */
    @Override
    public void applyCipherString(io.netty.handler.ssl.SslContext context, String ciphers)
        throws KeyMaterialException {
        if (cipherContextField == null || !(context instanceof ReferenceCountedOpenSslContext openSslContext)) {
            throw new KeyMaterialException("this build of the openssl engine cannot take OpenSSL cipher strings");
        }
        try {
            long ctx = cipherContextField.getLong(openSslContext);
            io.netty.internal.tcnative.SSLContext.setCipherSuite(ctx, ciphers, false);
        } catch (Exception e) {
            throw new KeyMaterialException("ciphers = " + ciphers + ": BoringSSL accepts no cipher from it ("
                + e.getMessage() + ")", e);
        }
    }

    /** Once per context, through the same handle as the cipher string, instead of SSLParameters on every engine. */
    @Override
    public boolean setCipherOrder(io.netty.handler.ssl.SslContext context, boolean serverOrder) {
        if (cipherContextField == null || !(context instanceof ReferenceCountedOpenSslContext openSslContext)) {
            return false;
        }
        try {
            long ctx = cipherContextField.getLong(openSslContext);
            if (serverOrder) {
                io.netty.internal.tcnative.SSLContext.setOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
            } else {
                io.netty.internal.tcnative.SSLContext.clearOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
            }
            return true;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    /** BoringSSL still has TLS 1.0 and 1.1, per context. */
    @Override
    public boolean supportsLegacyProtocols() {
        return true;
    }

    /** BoringSSL knows; its session times are whole seconds, too coarse for the default. */
    @Override
    public boolean sessionReused(SSLEngine engine, long handshakeStartMillis) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSslEngine) {
            synchronized (openSslEngine) {
                long ssl = openSslEngine.sslPointer();
                return ssl != 0 && SSL.isSessionReused(ssl);
            }
        }
        return TlsEngine.super.sessionReused(engine, handshakeStartMillis);
    }

    @Override
    public boolean peerSentCloseNotify(SSLEngine engine) {
        if (receivedShutdown == null || !(engine instanceof ReferenceCountedOpenSslEngine openSslEngine)) {
            return engine.isInboundDone();
        }
        synchronized (openSslEngine) {
            long ssl = openSslEngine.sslPointer();
            return ssl != 0 && (SSL.getShutdown(ssl) & SSL.SSL_RECEIVED_SHUTDOWN) != 0;
        }
    }

    @Override
    public boolean keepsOutboundAfterCloseNotify() {
        return receivedShutdown != null;
    }
}
