package io.jtunnel.tls;

import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLEngine;

/**
 * One TLS implementation jtunnel can run a service on. The choice is made once per service
 * ({@link TlsEngines}); everything else (keys, verification, the relay) is the same for every engine.
 */
public interface TlsEngine {
    /** A short name for logs and the command line: {@code openssl}, {@code conscrypt}, {@code jdk}. */
    String name();

    /** What the log's start-up line says about the engine, e.g. its library version. */
    String description();

    /** Selects this engine on a Netty context builder. */
    SslContextBuilder configure(SslContextBuilder builder);

    /** Prepares a new connection's engine before its handshake (see {@link #keepsOutboundAfterCloseNotify()}). */
    default void prepare(SSLEngine engine) {
    }

    /**
     * True when the completed handshake resumed an earlier session. The default compares the session's creation
     * time with the handshake's start, which needs millisecond session times (the JDK's engines have them).
     */
    default boolean sessionReused(SSLEngine engine, long handshakeStartMillis) {
        return engine.getSession().getCreationTime() < handshakeStartMillis;
    }

    /** True when the engine can offer TLS 1.0 and 1.1 for one service without changing the whole JVM. */
    default boolean supportsLegacyProtocols() {
        return false;
    }

    /**
     * Applies what the JDK's engines cannot do per service: shared ticket keys and turning resumption off.
     *
     * @throws KeyMaterialException when the settings need an engine that can
     */
    default void configureSessions(io.netty.handler.ssl.SslContext context, io.jtunnel.config.SessionSettings sessions)
        throws KeyMaterialException {
        if (sessions.tickets().isPresent()) {
            throw new KeyMaterialException("ticketKeySecret/ticketMacSecret need the openssl TLS engine; the " + name()
                + " engine has no per-service ticket keys");
        }
        if (!sessions.resume()) {
            throw new KeyMaterialException("sessionResume = no needs the openssl TLS engine; the " + name()
                + " engine can turn session tickets off only for the whole JVM");
        }
    }

    /** True when {@link #disableTickets} works per connection. */
    default boolean disablesTicketsPerConnection() {
        return false;
    }

    /** Stops a connection's engine from issuing session tickets ({@code sessionResume = no}). */
    default void disableTickets(SSLEngine engine) {
        throw new UnsupportedOperationException(name() + " cannot turn tickets off per connection");
    }

    /** False for BoringSSL-based engines, which offer every TLS 1.3 suite whatever they are told. */
    default boolean honoursTls13Suites() {
        return true;
    }

    /** True when the engine can expand an OpenSSL cipher string itself ({@link #applyCipherString}). */
    default boolean expandsCipherStrings() {
        return false;
    }

    /** Sets the TLS 1.2 suites from an OpenSSL cipher string on a built context. */
    default void applyCipherString(io.netty.handler.ssl.SslContext context, String ciphers)
        throws KeyMaterialException {
        throw new KeyMaterialException("the " + name() + " engine cannot expand OpenSSL cipher strings");
    }

    /**
     * True when the engine can hand its certificate verification to Netty as a delegated task, which the handler runs
     * on the executor it is given (SunJSSE always does); false when it verifies on the thread that feeds it.
     */
    default boolean delegatesVerification() {
        return true;
    }

    /** Turns delegated verification on for a context (see {@link #delegatesVerification()}). */
    default void delegateVerification(SslContextBuilder builder) {
    }

    /** True once the peer's close_notify has been read on this engine. */
    boolean peerSentCloseNotify(SSLEngine engine);

    /**
     * Sets on the whole server context whether the server's cipher order wins ({@code CIPHER_SERVER_PREFERENCE});
     * false when the engine cannot, and each connection's engine must be told instead.
     */
    default boolean setCipherOrder(io.netty.handler.ssl.SslContext context, boolean serverOrder) {
        return false;
    }

    /**
     * True when the engine keeps its outbound side open after reading the peer's close_notify in every protocol
     * version, so the upstream's answer still reaches a client that half-closed, as with stunnel. When false,
     * {@link Tls12CloseNotifyInterceptor} provides that for TLS 1.2 only.
     */
    boolean keepsOutboundAfterCloseNotify();
}
