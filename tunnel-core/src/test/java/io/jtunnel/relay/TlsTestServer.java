package io.jtunnel.relay;

import io.jtunnel.certs.CertificateBundle;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS server in the test's JVM (the JDK's TLS) standing in for a remote stunnel: it echoes what it reads, and
 * records the SNI names and client certificates it saw. With a {@code clientCa} it requires a client certificate.
 */
final class TlsTestServer implements AutoCloseable {
    private final SSLServerSocket server;
    final List<String> serverNames = new CopyOnWriteArrayList<>();
    final List<String> clientSubjects = new CopyOnWriteArrayList<>();

    TlsTestServer(CertificateBundle identity, CertificateBundle clientCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(identity.certificate());
        chain.addAll(identity.chain());
        keys.setKeyEntry("server", identity.privateKey(), new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        TrustManagerFactory tmf = null;
        if (clientCa != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", clientCa.certificate());
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), new SecureRandom());
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
            InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(clientCa != null);
        Thread acceptor = new Thread(this::acceptLoop, "tls-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                Thread worker = new Thread(() -> serve(socket), "tls-test-server-worker");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.startHandshake();
            ExtendedSSLSession session = (ExtendedSSLSession) socket.getSession();
            for (SNIServerName name : session.getRequestedServerNames()) {
                serverNames.add(((SNIHostName) name).getAsciiName());
            }
            if (server.getNeedClientAuth()) {
                clientSubjects.add(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal()
                    .getName());
            }
            socket.getInputStream().transferTo(socket.getOutputStream());
            socket.getOutputStream().write("BYE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.shutdownOutput(); // after the client's close_notify: answer, then close_notify (TLS 1.3)
        } catch (IOException ignored) {
            // a rejected or vanished client
        }
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
