package io.jtunnel.tls;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLEngine;

/** The JDK's own TLS (SunJSSE): no native code, so it runs wherever Java does. The fallback engine. */
final class JdkTlsEngine implements TlsEngine {
    JdkTlsEngine() {
        // BoringSSL never lets a client renegotiate; the JDK does unless told otherwise (read at its first handshake)
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public String description() {
        return "JDK (SunJSSE, Java " + Runtime.version() + ")";
    }

    @Override
    public SslContextBuilder configure(SslContextBuilder builder) {
        return builder.sslProvider(SslProvider.JDK);
    }

    @Override
    public boolean peerSentCloseNotify(SSLEngine engine) {
        return engine.isInboundDone();
    }

    /** SunJSSE keeps writing after a TLS 1.3 close_notify but answers a TLS 1.2 one at once. */
    @Override
    public boolean keepsOutboundAfterCloseNotify() {
        return false;
    }
}
