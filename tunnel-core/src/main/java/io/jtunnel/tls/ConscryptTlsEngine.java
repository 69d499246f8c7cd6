package io.jtunnel.tls;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLEngine;
import org.conscrypt.Conscrypt;

/** Conscrypt (BoringSSL behind the JCA): the only engine here with TLS-PSK, kept for the services that need it. */
final class ConscryptTlsEngine implements TlsEngine {
    static boolean available() {
        try {
            return Conscrypt.isAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "conscrypt";
    }

    @Override
    public String description() {
        return "Conscrypt " + Conscrypt.version().major() + "." + Conscrypt.version().minor() + "."
            + Conscrypt.version().patch() + " (BoringSSL)";
    }

    @Override
    public SslContextBuilder configure(SslContextBuilder builder) {
        return builder.sslProvider(SslProvider.JDK).sslContextProvider(Conscrypt.newProvider());
    }

    /** Conscrypt's engine has no delegated tasks: it calls the trust manager on the thread that feeds it. */
    @Override
    public boolean delegatesVerification() {
        return false;
    }

    /** Conscrypt's BoringSSL, like tcnative's, ignores a TLS 1.3 suite restriction. */
    @Override
    public boolean honoursTls13Suites() {
        return false;
    }

    @Override
    public boolean peerSentCloseNotify(SSLEngine engine) {
        return engine.isInboundDone();
    }

    @Override
    public boolean keepsOutboundAfterCloseNotify() {
        return false;
    }
}
