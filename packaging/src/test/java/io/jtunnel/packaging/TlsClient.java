package io.jtunnel.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A TLS client on the test's JVM that trusts one certificate (the tunnel's {@code cert.pem}). */
final class TlsClient {
    /** What one exchange through the tunnel gave back. */
    record Exchange(String response, String protocol, String cipherSuite) {
    }

    private final SSLContext context;

    TlsClient(Path trustedCertificatePem) {
        try (InputStream in = Files.newInputStream(trustedCertificatePem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Connects to 127.0.0.1:{@code port} with the given protocol versions, sends {@code request} and reads as many
     * bytes as {@code expectedResponse} has.
     */
    /** A connection with its handshake done, for a test that sends later. */
    SSLSocket open(int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    Exchange exchange(int port, String request, String expectedResponse, String... protocols) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
            port)) {
            socket.setSoTimeout(30_000);
            socket.setEnabledProtocols(protocols);
            socket.startHandshake();
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] response = socket.getInputStream().readNBytes(expectedResponse.length());
            return new Exchange(new String(response, StandardCharsets.US_ASCII), socket.getSession().getProtocol(),
                socket.getSession().getCipherSuite());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
