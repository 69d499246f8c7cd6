package io.jtunnel.relay;

import io.jtunnel.certs.CertificateBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.security.Principal;
import java.security.PrivateKey;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The cloud ICAP client's side: a JDK TLS socket, with or without a client certificate, in TLS 1.2 or 1.3. */
final class TlsTestClient implements AutoCloseable {
    private final SSLSocket socket;

    private TlsTestClient(SSLSocket socket) {
        this.socket = socket;
    }

    static TlsTestClient connect(int port, CertificateBundle identity, String protocol) throws Exception {
        return connect(context(identity), port, protocol);
    }

    /** A client context; connections made from the same one resume their sessions, as a real client's do. */
    static SSLContext context(CertificateBundle identity) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(identity == null ? null : new KeyManager[] {new AlwaysPresent(keyManager(identity))},
            new TrustManager[] {new TrustAll()}, new SecureRandom());
        return context;
    }

    static TlsTestClient connect(SSLContext context, int port, String protocol) throws Exception {
        return connect(context, port, protocol, null);
    }

    /** A connection that sends {@code serverName} as its SNI (none when null). */
    static TlsTestClient connect(SSLContext context, int port, String protocol, String serverName) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setEnabledProtocols(new String[] {protocol});
        if (serverName != null) {
            javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(serverName)));
            socket.setSSLParameters(parameters);
        }
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return new TlsTestClient(socket);
    }

    private static X509KeyManager keyManager(CertificateBundle identity) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(identity.certificate());
        chain.addAll(identity.chain());
        store.setKeyEntry("client", identity.privateKey(), new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return (X509KeyManager) factory.getKeyManagers()[0];
    }

    /** The subject of the certificate the server presented. */
    String peerSubject() throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    SSLSocket socket() {
        return socket;
    }

    /** Sends "?" and returns the one-letter answer of a {@code TestUpstream.naming} upstream. */
    String ask() throws IOException {
        send("?".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return new String(socket().getInputStream().readNBytes(1), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Connects, sends {@code bytes}, sends close_notify and returns everything the tunnel sends back. */
    static byte[] roundTrip(int port, CertificateBundle identity, String protocol, byte[] bytes) throws Exception {
        try (TlsTestClient client = connect(port, identity, protocol)) {
            client.send(bytes);
            client.halfClose();
            return client.readToEnd();
        }
    }

    /**
     * Connects with TLS 1.3, sends {@code bytes} and reads the first byte of an answer; an EOFException when the
     * tunnel closes without one. In TLS 1.3 the client's handshake completes before the server has judged its
     * certificate, so a rejection shows here as a failed read (the alert) rather than a failed handshake.
     */
    static void sendAndReadAnswer(int port, CertificateBundle identity, byte[] bytes) throws Exception {
        try (TlsTestClient client = connect(port, identity, "TLSv1.3")) {
            client.send(bytes);
            if (client.socket().getInputStream().read() < 0) {
                throw new java.io.EOFException("closed without an answer");
            }
        }
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Sends close_notify and keeps the socket open for reading. */
    void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /** Everything until the end of the stream (close_notify or FIN). */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16384];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (javax.net.ssl.SSLException | java.net.SocketException endedWithoutCloseNotify) {
            // the bytes read so far are what arrived
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * Presents the client certificate whatever CA names the server lists, as a misconfigured or hostile client
     * would (the JDK's own key manager would offer none to a server that lists another CA).
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;

        AlwaysPresent(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
