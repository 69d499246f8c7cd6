package io.jtunnel.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** The cloud client's side in black-box tests: a JDK TLS socket that trusts the test CA, handshake done. */
final class TunnelClient {
    private TunnelClient() {
    }

    static SSLSocket connect(Pki pki, int port) throws IOException, GeneralSecurityException {
        SSLSocket socket = (SSLSocket) context(pki).getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        socket.startHandshake();
        return socket;
    }

    /** TLS as the client over a TCP connection that already exists (one the test accepted), handshake done. */
    static SSLSocket over(Pki pki, java.net.Socket accepted) throws IOException, GeneralSecurityException {
        SSLSocket socket = (SSLSocket) context(pki).getSocketFactory().createSocket(accepted, "127.0.0.1",
            accepted.getPort(), true);
        socket.setUseClientMode(true);
        socket.setSoTimeout(15_000);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext context(Pki pki) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.caFile)) {
            trust.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
